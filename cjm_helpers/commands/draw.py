"""`draw`: a map file to a picture (PNG, SVG or PDF); a comparison when a current map is given."""

from __future__ import annotations

NAME = "draw"
HELP = "draw a journey map file as a PNG, SVG or PDF picture"
EXAMPLE = "python -m cjm_helpers draw my_future_state.json -o future.png --current my_current_state.json"


def add_arguments(parser):
    parser.add_argument("map", metavar="MAP.json", help="the map file to draw")
    parser.add_argument("-o", "--output", metavar="OUT.png|svg|pdf", required=True,
                        help="the picture to write; the format comes from the suffix")
    parser.add_argument("--page", type=int, default=1, metavar="N",
                        help="a long map is drawn in pages: draw page N (default 1)")
    parser.add_argument("--current", metavar="CURRENT.json",
                        help="a current-state map: draw the comparison of MAP (the future state) with it")


def run(args) -> int:
    from ..storage import load_map

    journey = load_map(args.map)     # refused at the door before matplotlib is even imported
    current = load_map(args.current) if args.current else None

    from ..draw import draw_comparison, draw_for, save_figure
    from ..draw.save import picture_format

    picture_format(args.output)      # a wrong suffix is reported before any drawing is made
    if args.current:
        fig = draw_comparison(current, journey, page=args.page)
    else:
        fig = draw_for(journey, source=args.map, page=args.page)
    path = save_figure(fig, args.output)
    pages = getattr(fig, "page_count", 1)
    more = f" (page {args.page} of {pages}; --page {args.page + 1} for the next)" if args.page < pages else (
        f" (page {args.page} of {pages})" if pages > 1 else "")
    print(f"wrote {path}{more}")
    return 0
