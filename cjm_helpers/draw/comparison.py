def draw_comparison(*a, **k):
    raise NotImplementedError
