// The journey canvas: stages as columns, lanes as rows, edited in place.
// Every edit is drawn here at once, then the whole map goes to Python, which validates,
// saves and sends the validated map back ("journey"). Learner text is set as text, never as HTML.
//
// Drawing is incremental: every cell of the grid is built once and kept under a key (the
// touchpoint id and lane, the stage index) with a signature of the data it shows. A draw
// rebuilds only the cells whose signature changed and moves the rest into place, so an edit
// on a 60-touchpoint map touches a handful of nodes, and Python's answer (the same map)
// repaints nothing. Handlers look the touchpoint up by id when they run, never hold it.

const COL = 176;           // width of one touchpoint column (px)
const TRACK = 112;         // height of the feeling track (px)
const CLOCK = 64;          // height of the day-in-the-life clock strip (px)
const FACES = { "-2": "😠", "-1": "🙁", "0": "😐", "1": "🙂", "2": "😄" };
const SEVERITY = { 1: "minor", 2: "serious", 3: "critical" };
const LIST_LANES = ["opportunities", "evidence", "frontstage", "backstage", "support"];
const SVG = "http://www.w3.org/2000/svg";

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, String(value));
  }
  return node;
}

function nextId(prefix, taken) {
  let n = 1;
  while (taken.has(prefix + n)) n += 1;
  return prefix + n;
}

function allTouchpoints(map) {
  return map.stages.flatMap((stage) => stage.touchpoints);
}

// Put `nodes` into `parent` in this order, moving as few nodes as possible; others leave.
// A node that is not wanted any more leaves as soon as the cursor reaches it: left in place,
// every later node would be inserted before it, i.e. the whole grid moved (and restyled and
// laid out again) whenever a cell was built again, as a stage header is by a move between stages.
function arrange(parent, nodes) {
  const wanted = new Set(nodes);
  let cursor = parent.firstChild;
  const skipUnwanted = () => {
    while (cursor && !wanted.has(cursor)) { const next = cursor.nextSibling; cursor.remove(); cursor = next; }
  };
  for (const node of nodes) {
    skipUnwanted();
    if (node === cursor) { cursor = cursor.nextSibling; continue; }
    if (cursor && node === cursor.nextSibling) { // the cursor moved away (a card dragged to the right)
      const out = cursor;
      cursor = node.nextSibling;
      out.remove();
      continue;
    }
    parent.insertBefore(node, cursor);
  }
  while (cursor) { const next = cursor.nextSibling; cursor.remove(); cursor = next; }
}

function minutes(clock) {
  const found = /^(\d{1,2}):(\d{2})/.exec(clock || "");
  return found ? Number(found[1]) * 60 + Number(found[2]) : null;
}

const after = (done) => requestAnimationFrame(() => setTimeout(done, 0)); // once the frame is painted

function render({ model, el: host }) {
  let map = structuredClone(model.get("journey") || { stages: [] });
  let where = new Map(); // touchpoint id -> [stage index, index, touchpoint]
  let editing = null;    // the open in-place editor: {commit, cancel}
  let dragged = null;    // the id of the touchpoint card being dragged
  let draggedStage = null; // the index of the stage header being dragged
  let focusAfter = null; // a selector to focus after the next draw
  let sent = 0;          // edits sent; Python's "seq" says how many it has answered
  let stale = false;     // Python sent a map while an editor was open
  let asked = null;      // {kind, started}: an Undo or Redo on its way to Python
  const cache = new Map(); // key -> {sig, node}
  let built = 0;         // cells built by the last draw (the rest were kept)
  const root = el("div", { class: "cjm-canvas", "data-lm-suppress-shortcuts": "true" });
  host.append(root);

  function reindex() {
    where = new Map();
    map.stages.forEach((stage, s) => stage.touchpoints.forEach((tp, i) => where.set(tp.id, [s, i, tp])));
  }
  const tpOf = (id) => (where.get(id) || [])[2] || null;

  function measure(kind, started) {
    after(() => {
      root.dataset.paintMs = (performance.now() - started).toFixed(1);
      root.dataset.paintKind = kind;
      root.dataset.edits = String(Number(root.dataset.edits || 0) + 1);
    });
  }

  // --- sending edits ------------------------------------------------------------------
  function commit(kind, label, redraw = draw) {
    const started = performance.now();
    reindex();
    redraw();
    root.dataset.drawMs = (performance.now() - started).toFixed(1);
    measure(kind, started);
    sent += 1;
    recorded();
    model.send({ kind: "map", action: kind, label: label || kind, seq: sent, map });
  }

  // Undo and Redo live in Python (every action, on the canvas or in the forms, is one step).
  // While the last steps were all made here, the canvas knows the versions Python will go
  // back to, so it shows the step at once and Python's answer only confirms it; any other
  // change (a form edit, a refused edit, an answer that differs) makes it wait for Python again.
  let past = [], ahead = [];   // versions before and after the one shown, as Python keeps them
  let shown = version(map);     // the version shown, as Python last confirmed or will record it
  let awaiting = false;         // an edit of ours not yet answered

  function canonical(journey) {  // the map without empty parts, keys sorted: Python's and ours compare equal
    const strip = (value) => {
      if (Array.isArray(value)) return value.map(strip);
      if (value && typeof value === "object") {
        const out = {};
        for (const key of Object.keys(value).sort()) {
          const v = value[key];
          if (v === null || v === undefined || v === "" || v === false || (Array.isArray(v) && !v.length)) continue;
          out[key] = strip(v);
        }
        return out;
      }
      return value;
    };
    return JSON.stringify(strip(journey));
  }

  function version(journey) {
    return { map: structuredClone(journey), key: canonical(journey) };
  }

  function recorded() { // an edit of ours: Python records the version before it as one step
    past.push(shown);
    if (past.length > 200) past.shift();
    ahead = [];
    shown = version(map);
    awaiting = true;
  }

  function ask(kind) {
    const started = performance.now();
    const from = kind === "undo" ? past : ahead;
    asked = { kind, started, predicted: from.length > 0 && !editing };
    root.dataset.foreseen = String(asked.predicted); // shown at once, without waiting for Python
    if (from.length && !editing) {
      (kind === "undo" ? ahead : past).push(shown);
      shown = from.pop();
      map = structuredClone(shown.map);
      reindex();
      draw();
      measure(kind, started);
    }
    model.send({ kind });
  }

  function words(key) {
    return (model.get("words") || {})[key] || [];
  }

  // --- in-place text editing ----------------------------------------------------------
  function editText(cell, value, multiline, done, label) {
    if (editing) editing.commit();
    const box = el(multiline ? "textarea" : "input", { class: "cjm-editor", "aria-label": label, rows: multiline ? 3 : null });
    box.value = value;
    const shown = [...cell.childNodes];
    const holder = cell.closest("[draggable]");
    if (holder) holder.draggable = false; // text can be selected with the mouse while editing
    let finished = false;
    const finish = (keep) => {
      if (finished) return;
      finished = true;
      editing = null;
      cell.replaceChildren(...shown); // the cell shows its text again; a changed value redraws it
      if (holder) holder.draggable = true;
      if (keep && box.value.trim() !== value.trim()) done(box.value.trim());
      else if (stale) fromPython();
      else draw();
    };
    editing = { commit: () => finish(true), cancel: () => finish(false) };
    box.addEventListener("keydown", (event) => {
      event.stopPropagation();
      if (event.key === "Escape") { event.preventDefault(); focusAfter = cellSelector(cell); finish(false); }
      else if (event.key === "Enter" && !(multiline && event.shiftKey)) {
        event.preventDefault(); focusAfter = cellSelector(cell); finish(true);
      }
    });
    box.addEventListener("blur", () => finish(true));
    cell.replaceChildren(box);
    box.focus();
    box.select();
  }

  function cellSelector(cell) {
    return cell.dataset.cell ? `[data-cell="${CSS.escape(cell.dataset.cell)}"]` : null;
  }

  function editable(key, text, placeholder, label, onEdit, multiline = true) {
    const cell = el("div", {
      class: "cjm-cell" + (text ? "" : " cjm-empty"), tabindex: 0, role: "button", "data-cell": key,
      "aria-label": `${label}: ${text || "empty"}. Press Enter to edit.`,
    });
    cell.textContent = text || placeholder;
    const open = () => editText(cell, text || "", multiline, onEdit, label);
    cell.addEventListener("click", open);
    cell.cjmKey = (event) => event.key === "Enter" && !event.altKey && (open(), true);
    return cell;
  }

  // --- actions ------------------------------------------------------------------------
  function addStage(at = map.stages.length) {
    map.stages.splice(at, 0, { name: `Stage ${map.stages.length + 1}`, goal: "", touchpoints: [] });
    focusAfter = `[data-cell="stage:${at}:name"]`;
    commit("add_stage", "Add stage");
  }

  function moveStage(from, to) {
    if (from === to || to < 0 || to >= map.stages.length || from < 0 || from >= map.stages.length) return;
    const [stage] = map.stages.splice(from, 1);
    map.stages.splice(to, 0, stage);
    focusAfter = `.cjm-stage[data-stage-index="${to}"]`;
    commit("move_stage", "Move stage");
  }

  function addTouchpoint(stageIndex) {
    const taken = new Set(allTouchpoints(map).map((tp) => tp.id));
    const id = nextId("tp", taken);
    map.stages[stageIndex].touchpoints.push({
      id, name: "New touchpoint", channel: null, owner: null, doing: "", thinking: "", feeling: null,
      intent: "", pain_points: [], opportunities: [], moment_of_truth: false,
    });
    focusAfter = `[data-cell="tp:${id}:name"]`;
    commit("add_touchpoint", "Add touchpoint");
  }

  function moveTouchpoint(id, toStage, toIndex) {
    const [s, i, tp] = where.get(id) || [];
    if (!tp || toStage < 0 || toStage >= map.stages.length) return;
    map.stages[s].touchpoints.splice(i, 1);
    const target = map.stages[toStage].touchpoints;
    const at = Math.max(0, Math.min(toIndex, target.length));
    target.splice(at, 0, tp);
    if (s === toStage && at === i) return; // dropped where it was
    focusAfter = `[data-touchpoint-id="${CSS.escape(id)}"].cjm-card`;
    commit("move", "Move touchpoint");
  }

  function stepTouchpoint(id, step) {
    const [s, i] = where.get(id) || [];
    if (s === undefined) return;
    const here = map.stages[s].touchpoints.length;
    if (step < 0 && i > 0) moveTouchpoint(id, s, i - 1);
    else if (step > 0 && i < here - 1) moveTouchpoint(id, s, i + 1);
    else if (step < 0 && s > 0) moveTouchpoint(id, s - 1, map.stages[s - 1].touchpoints.length);
    else if (step > 0 && s < map.stages.length - 1) moveTouchpoint(id, s + 1, 0);
  }

  function setFeeling(id, value) {
    const tp = tpOf(id);
    if (!tp) return;
    tp.feeling = Math.max(-2, Math.min(2, value));
    const hit = cache.get(`feeling:${id}`);
    const handle = hit && hit.node.querySelector("[data-feeling-handle]");
    if (handle && handle.isConnected && !editing) {
      // only the point and the curve change: move them in place and keep the cell
      commit("feeling", "Set feeling", () => { handle.cjmPlace(tp.feeling); hit.sig = feelingSig(id); drawCurve(); });
      return;
    }
    focusAfter = `[data-feeling-handle][data-touchpoint-id="${CSS.escape(id)}"]`;
    commit("feeling", "Set feeling");
  }

  // --- the cells ----------------------------------------------------------------------
  function columns() {
    const cols = [];
    map.stages.forEach((stage, s) => {
      if (stage.touchpoints.length === 0) cols.push({ s, tp: null });
      stage.touchpoints.forEach((tp) => cols.push({ s, tp }));
    });
    return cols;
  }

  function faultsOf(key) {
    return (model.get("faults") || {})[key] || [];
  }

  function markFaults(node, key) {
    const found = faultsOf(key);
    if (!found.length) return node;
    node.classList.add("cjm-fault");
    node.title = found.join("\n");
    node.append(el("div", { class: "cjm-fault-message", role: "note", text: found.join(" ") }));
    return node;
  }

  function stageHeader(s) {
    const stage = map.stages[s];
    const day = map.map_type === "day_in_the_life";
    const header = el("div", {
      class: "cjm-stage", "data-stage-index": s,
      role: "group", tabindex: 0, draggable: "true",
      "aria-label": `Stage ${s + 1}: ${stage.name}. Enter edits the name, Alt+Left or Alt+Right moves the stage; drag it to another place.`,
    });
    const name = editable(`stage:${s}:name`, stage.name, "Stage name", `Stage ${s + 1} name`, (v) => {
      if (v) { map.stages[s].name = v; commit("type:stage", "Rename stage"); } else draw();
    }, false);
    name.classList.add("cjm-stage-name");
    // disabled for the last stage by draw(), in place: adding a stage builds no other header
    const right = el("button", { class: "cjm-move", type: "button", title: "Move this stage one place right (Alt+Right)",
      "aria-label": `Move stage ${stage.name} right`, text: "▶",
      onclick: () => moveStage(s, s + 1) });
    header.cjmRight = right;
    const tools = el("div", { class: "cjm-tools" },
      day ? el("span", { class: "cjm-stage-number", "aria-hidden": "true", text: String(s + 1) }) : null,
      day ? editable(`stage:${s}:time`, stage.time || "", "time", `Time of stage ${stage.name}, like 07:30`, (v) => {
        map.stages[s].time = v || null; commit("type:time", "Set time");
      }, false) : null,
      el("button", { class: "cjm-add", type: "button", title: "Add a touchpoint to this stage",
        "aria-label": `Add a touchpoint to stage ${stage.name}`, text: "+ touchpoint",
        onclick: () => addTouchpoint(s) }),
      el("button", { class: "cjm-add-here", type: "button", title: "Add a new stage right after this one",
        "aria-label": `Add a stage after ${stage.name}`, text: "+ stage",
        onclick: () => addStage(s + 1) }),
      el("button", { class: "cjm-move", type: "button", title: "Move this stage one place left (Alt+Left)",
        "aria-label": `Move stage ${stage.name} left`, text: "◀", disabled: s === 0,
        onclick: () => moveStage(s, s - 1) }),
      right,
      el("button", { class: "cjm-remove", type: "button", title: "Remove this stage (Undo brings it back)",
        "aria-label": `Remove stage ${stage.name}`, text: "×",
        onclick: () => { map.stages.splice(s, 1); commit("remove", "Remove stage"); } }));
    header.append(name, tools);
    header.cjmKey = (event) => {
      if (event.target !== header && event.target !== name) return false;
      if (event.altKey && event.key === "ArrowLeft") moveStage(s, s - 1);
      else if (event.altKey && event.key === "ArrowRight") moveStage(s, s + 1);
      else if (event.key === "Enter" && event.target === header) name.click();
      else return false;
      return true;
    };
    header.addEventListener("dragstart", (event) => {
      if (event.target !== header) return;
      draggedStage = s;
      header.classList.add("cjm-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", stage.name);
    });
    header.addEventListener("dragend", () => { draggedStage = null; header.classList.remove("cjm-dragging"); });
    header.addEventListener("dragover", (event) => {
      if (dragged || (draggedStage !== null && draggedStage !== s)) { event.preventDefault(); header.classList.add("cjm-drop"); }
    });
    header.addEventListener("dragleave", () => header.classList.remove("cjm-drop"));
    header.addEventListener("drop", (event) => {
      event.preventDefault();
      header.classList.remove("cjm-drop");
      if (dragged) moveTouchpoint(dragged, s, map.stages[s].touchpoints.length);
      else if (draggedStage !== null) { const from = draggedStage; draggedStage = null; moveStage(from, s); }
    });
    return markFaults(header, `stage:${s}`);
  }

  function card(id) {
    const tp = tpOf(id);
    const box = el("div", {
      class: "cjm-card" + (tp.moment_of_truth ? " cjm-mot" : ""), "data-touchpoint-id": id, tabindex: 0,
      draggable: "true", role: "group",
      "aria-label": `Touchpoint ${tp.name}. Enter edits the name, Alt+Left or Alt+Right moves it.`,
    });
    const name = editable(`tp:${id}:name`, tp.name, "Touchpoint", "Touchpoint name", (v) => {
      if (v) { tpOf(id).name = v; commit("type:name", "Rename touchpoint"); } else draw();
    }, false);
    name.classList.add("cjm-tp-name");
    const star = el("button", {
      class: "cjm-star", type: "button", "aria-pressed": tp.moment_of_truth ? "true" : "false",
      title: "Moment of truth: a moment that decides whether the customer stays",
      "aria-label": `Moment of truth for ${tp.name}`, text: tp.moment_of_truth ? "★ moment of truth" : "☆ moment of truth",
      onclick: () => { const now = tpOf(id); now.moment_of_truth = !now.moment_of_truth; commit("moment_of_truth", "Moment of truth"); },
    });
    const remove = el("button", {
      class: "cjm-remove", type: "button", title: "Remove this touchpoint (Undo brings it back)",
      "aria-label": `Remove touchpoint ${tp.name}`, text: "×",
      onclick: () => {
        const [st, i] = where.get(id);
        map.stages[st].touchpoints.splice(i, 1);
        commit("remove", "Remove touchpoint");
      },
    });
    box.append(el("div", { class: "cjm-card-top" }, name, remove), star);
    box.cjmKey = (event) => {
      if (event.target !== box) return false;
      if (event.key === "Enter") name.click();
      else if (event.altKey && event.key === "ArrowLeft") stepTouchpoint(id, -1);
      else if (event.altKey && event.key === "ArrowRight") stepTouchpoint(id, 1);
      else return false;
      return true;
    };
    box.addEventListener("dragstart", (event) => {
      dragged = id;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", tpOf(id).name);
    });
    box.addEventListener("dragend", () => { dragged = null; });
    box.addEventListener("dragover", (event) => { if (dragged && dragged !== id) event.preventDefault(); });
    box.addEventListener("drop", (event) => {
      event.preventDefault();
      event.stopPropagation();
      if (!dragged || dragged === id) return;
      const [st, i] = where.get(id);
      const rect = box.getBoundingClientRect();
      const behind = event.clientX > rect.left + rect.width / 2;
      const [fromStage, fromIndex] = where.get(dragged);
      let index = i + (behind ? 1 : 0);
      if (fromStage === st && fromIndex < index) index -= 1;
      moveTouchpoint(dragged, st, index);
    });
    return markFaults(box, `tp:${id}`);
  }

  function picker(id, field, options, label) {
    const tp = tpOf(id);
    const select = el("select", { class: "cjm-select", "aria-label": `${label} of ${tp.name}`, title: label,
      "data-cell": `tp:${id}:${field}` });
    select.append(el("option", { value: "", text: `${label}…` }));
    for (const [value, text] of options) {
      select.append(el("option", { value, text, selected: tp[field] === value ? "selected" : null }));
    }
    select.value = tp[field] || "";
    select.addEventListener("change", () => {
      tpOf(id)[field] = select.value || null;
      focusAfter = `[data-cell="tp:${id}:${field}"]`;
      commit(field, label);
    });
    return select;
  }

  function feelingCell(id) {
    const tp = tpOf(id);
    const baseline = (model.get("baseline") || {})[id];
    const cell = el("div", { class: "cjm-feeling" });
    const handle = el("div", {
      class: "cjm-handle", "data-feeling-handle": "", "data-touchpoint-id": id, role: "slider", tabindex: 0,
      "aria-valuemin": -2, "aria-valuemax": 2, "aria-label": `Feeling at ${tp.name}`,
      title: "Drag up or down, or use the arrow keys, to set the feeling",
    });
    const place = (v) => {
      const unrated = v === null || v === undefined;
      handle.style.top = `${((2 - (v ?? 0)) / 4) * TRACK}px`;
      handle.textContent = unrated ? "? rate" : `${FACES[v]} ${v > 0 ? "+" : ""}${v}`;
      handle.classList.toggle("cjm-unrated", unrated);
      if (unrated) handle.removeAttribute("aria-valuenow");
      else handle.setAttribute("aria-valuenow", v);
      handle.setAttribute("aria-valuetext", unrated ? "not rated" : `${v > 0 ? "+" : ""}${v}`);
    };
    handle.cjmPlace = place;
    place(tp.feeling);
    handle.cjmKey = (event) => {
      const now = tpOf(id)?.feeling ?? null;
      let next = null;
      if (event.key === "ArrowUp" || event.key === "ArrowRight") next = now === null ? 0 : now + 1;
      else if (event.key === "ArrowDown" || event.key === "ArrowLeft") next = now === null ? 0 : now - 1;
      else if (event.key === "Home") next = -2;
      else if (event.key === "End") next = 2;
      if (next === null) return false;
      next = Math.max(-2, Math.min(2, next));
      if (next !== now) setFeeling(id, next);
      return true;
    };
    handle.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      handle.setPointerCapture(event.pointerId);
      handle.focus();
      const top = cell.getBoundingClientRect().top;
      let current = tpOf(id)?.feeling ?? null;
      const move = (e) => {
        const v = Math.max(-2, Math.min(2, Math.round(2 - ((e.clientY - top) / TRACK) * 4)));
        if (v === current) return;
        current = v;
        place(v);
        tpOf(id).feeling = v;
        drawCurve();
      };
      const up = (e) => {
        handle.removeEventListener("pointermove", move);
        handle.removeEventListener("pointerup", up);
        move(e);
        if (current !== null) setFeeling(id, current);
      };
      handle.addEventListener("pointermove", move);
      handle.addEventListener("pointerup", up);
    });
    cell.append(handle);
    if (baseline !== undefined && baseline !== null) {
      cell.append(el("div", { class: "cjm-was", style: `top:${((2 - baseline) / 4) * TRACK}px`,
        title: `Current state: ${baseline}`, text: `was ${baseline > 0 ? "+" : ""}${baseline}` }));
    }
    return cell;
  }

  function textCell(id, lane, label) {
    const tp = tpOf(id);
    const list = LIST_LANES.includes(lane);
    const text = list ? (tp[lane] || []).join("\n") : (tp[lane] || "");
    const aria = list ? `${label} at ${tp.name}, one per line` : `${label} at ${tp.name}`;
    return editable(`tp:${id}:${lane}`, text, "+ add", aria, (v) => {
      tpOf(id)[lane] = list ? v.split("\n").map((line) => line.trim()).filter(Boolean) : v;
      commit(`type:${lane}`, aria);
    });
  }

  function painCell(id) {
    const tp = tpOf(id);
    const cell = el("div", { class: "cjm-pains" });
    tp.pain_points.forEach((pp, n) => {
      const severity = el("button", {
        class: `cjm-severity cjm-sev${pp.severity}`, type: "button",
        "aria-label": `Severity ${pp.severity} (${SEVERITY[pp.severity]}); press to change`,
        title: "Severity: 1 minor, 2 serious, 3 critical (press to change)",
        text: `${"!".repeat(pp.severity)} ${SEVERITY[pp.severity]}`,
        onclick: () => { const now = tpOf(id).pain_points[n]; now.severity = now.severity % 3 + 1; commit("severity", "Severity"); },
      });
      const text = editable(`pp:${pp.id}:text`, pp.text, "Pain point", `Pain point at ${tp.name}`, (v) => {
        if (v) { tpOf(id).pain_points[n].text = v; commit("type:pain", "Pain point"); } else draw();
      });
      const remove = el("button", { class: "cjm-remove", type: "button", text: "×",
        title: "Remove this pain point (Undo brings it back)", "aria-label": `Remove pain point ${pp.text}`,
        onclick: () => { tpOf(id).pain_points.splice(n, 1); commit("remove", "Remove pain point"); } });
      cell.append(el("div", { class: "cjm-pain" }, el("div", { class: "cjm-pain-top" }, severity, remove), text));
    });
    const add = el("div", { class: "cjm-cell cjm-empty cjm-add-pain", tabindex: 0, role: "button",
      "data-cell": `tp:${id}:new-pain`, "aria-label": `Add a pain point at ${tp.name}`, text: "+ pain point" });
    const open = () => editText(add, "", true, (v) => {
      if (!v) { draw(); return; }
      const taken = new Set(allTouchpoints(map).flatMap((t) => t.pain_points.map((p) => p.id)));
      tpOf(id).pain_points.push({ id: nextId("pp", taken), text: v, severity: 2 });
      focusAfter = `[data-cell="tp:${id}:new-pain"]`;
      commit("add_pain_point", "Add pain point");
    }, `New pain point at ${tp.name}`);
    add.addEventListener("click", open);
    add.cjmKey = (event) => event.key === "Enter" && (open(), true);
    cell.append(add);
    return cell;
  }

  // Future state: the improvements that show at this touchpoint, and a small form to add one.
  let formOn = null; // the touchpoint whose card holds an open improvement form
  function closeForm() {
    const slot = cache.get(`touchpoint:${formOn}`);
    if (slot) slot.sig = null; // the next draw builds the slot again, with its button
    formOn = null;
  }

  function improvementsOn(id) {
    if (map.map_type !== "future_state") return null;
    const tp = tpOf(id);
    const pains = model.get("current_pains") || [];
    const box = el("div", { class: "cjm-improvements" });
    (map.improvements || []).forEach((imp, n) => {
      if (imp.touchpoint !== id) return;
      const pain = pains.find(([pid]) => pid === imp.pain_point);
      const sign = imp.expected_feeling > 0 ? "+" : "";
      box.append(el("div", { class: "cjm-improvement", title: pain ? `Answers: ${pain[1]}` : "" },
        el("span", { text: `✚ ${imp.change} (feeling there ${sign}${imp.expected_feeling})` }),
        el("button", { class: "cjm-remove", type: "button", text: "×", "aria-label": `Remove improvement ${imp.change}`,
          title: "Remove this improvement (Undo brings it back)",
          onclick: () => { map.improvements.splice(n, 1); commit("remove", "Remove improvement"); } })));
    });
    (map.deferred || []).forEach((item, n) => {
      const pain = pains.find(([pid]) => pid === item.pain_point);
      if (!pain || pain[3] !== id) return;
      box.append(el("div", { class: "cjm-deferred", title: `Deferred: ${pain[1]}` },
        el("span", { text: `⏸ later: ${item.reason}` }),
        el("button", { class: "cjm-remove", type: "button", text: "×", "aria-label": `Remove deferral ${item.reason}`,
          title: "Remove this deferral (Undo brings it back)",
          onclick: () => { map.deferred.splice(n, 1); commit("remove", "Remove deferral"); } })));
    });
    const decided = new Set([...(map.improvements || []), ...(map.deferred || [])].map((d) => d.pain_point));
    const open = pains.filter(([pid]) => !decided.has(pid));
    if (!open.length) return box;
    const add = el("button", { class: "cjm-add cjm-add-improvement", type: "button", text: "+ improvement",
      "aria-label": `Add an improvement at ${tp.name}`, title: "Answer a current pain point with a change here" });
    add.addEventListener("click", () => {
      if (formOn !== null) closeForm(); // one form at a time: the other card shows its button again
      formOn = id; // the slot keeps this form through redraws (Python's echo of an earlier edit) until it closes
      const pain = el("select", { class: "cjm-select", "aria-label": "The current pain point it answers" },
        ...open.map(([pid, text, at]) => el("option", { value: pid, text: `${text} (${at})` })));
      const change = el("textarea", { class: "cjm-editor", rows: 2, "aria-label": "The change, or why it waits",
        placeholder: "The change (or why it waits)" });
      const feeling = el("select", { class: "cjm-select", "aria-label": "Feeling at this touchpoint after the change" },
        ...[2, 1, 0, -1, -2].map((v) => el("option", { value: v, text: `feeling there ${FACES[v]} ${v > 0 ? "+" : ""}${v}`, selected: v === 1 ? "selected" : null })));
      const save = el("button", { type: "button", text: "Add", onclick: () => {
        if (!change.value.trim()) { change.focus(); return; }
        map.improvements = map.improvements || [];
        // one number: the improvement's feeling is this touchpoint's own feeling in the future
        const now = tpOf(id);
        now.feeling = Number(feeling.value);
        map.improvements.push({ pain_point: pain.value, change: change.value.trim(), touchpoint: id,
          expected_feeling: now.feeling });
        closeForm();
        commit("add_improvement", "Add improvement");
      } });
      const defer = el("button", { type: "button", text: "Defer", title: "Leave this pain point for later; the text says why",
        onclick: () => {
          if (!change.value.trim()) { change.focus(); return; }
          map.deferred = map.deferred || [];
          map.deferred.push({ pain_point: pain.value, reason: change.value.trim() });
          closeForm();
          commit("defer", "Defer pain point");
        } });
      const cancel = el("button", { type: "button", text: "Cancel", onclick: () => { closeForm(); draw(); } });
      add.replaceWith(el("div", { class: "cjm-improvement-form", role: "group", "aria-label": "New improvement" },
        pain, change, feeling, el("div", { class: "cjm-tools" }, save, defer, cancel)));
      change.focus();
    });
    box.append(add);
    return box;
  }

  // --- signatures: what each kept cell shows (a changed signature builds the cell again) -----
  const sig = (...parts) => JSON.stringify(parts);
  function feelingSig(id) {
    const tp = tpOf(id);
    return sig(tp.feeling ?? null, tp.name, (model.get("baseline") || {})[id] ?? null);
  }

  function laneCell(lane, label, id) {
    const tp = tpOf(id);
    const key = `${lane}:${id}`;
    if (lane === "touchpoint") {
      if (formOn === id && cache.has(key)) { used.add(key); return cache.get(key).node; }
      const future = map.map_type === "future_state";
      return keep(key, sig(tp.name, tp.moment_of_truth, faultsOf(`tp:${id}`),
        future ? [map.improvements || [], map.deferred || [], model.get("current_pains") || []] : null),
      () => el("div", { class: "cjm-slot" }, card(id), improvementsOn(id)));
    }
    if (lane === "channel") {
      return keep(key, sig(tp.name, tp.channel ?? null, tp.owner ?? null, words("channels"), words("owners")),
        () => el("div", { class: "cjm-slot cjm-pickers" },
          picker(id, "channel", words("channels"), "Channel"), picker(id, "owner", words("owners"), "Owner")));
    }
    if (lane === "pain_points") return keep(key, sig(tp.name, tp.pain_points), () => painCell(id));
    return keep(key, sig(tp.name, tp[lane] ?? null, label), () => textCell(id, lane, label));
  }

  let used = new Set();
  function keep(key, signature, make) {
    used.add(key);
    const hit = cache.get(key);
    if (hit && hit.sig === signature) return hit.node;
    const node = make();
    built += 1;
    cache.set(key, { sig: signature, node });
    return node;
  }

  // --- drawing ------------------------------------------------------------------------
  let curve = null;
  function drawCurve() {
    if (!curve) return;
    const points = [];
    const before = [];
    const baseline = model.get("baseline") || {};
    columns().forEach(({ tp }, n) => {
      const x = n * COL + COL / 2;
      if (tp && tp.feeling !== null && tp.feeling !== undefined) points.push(`${x},${((2 - tp.feeling) / 4) * TRACK + 14}`);
      if (tp && baseline[tp.id] !== undefined && baseline[tp.id] !== null) before.push(`${x},${((2 - baseline[tp.id]) / 4) * TRACK + 14}`);
    });
    curve.querySelector(".cjm-line").setAttribute("points", points.join(" "));
    curve.querySelector(".cjm-line-before").setAttribute("points", before.join(" "));
  }

  // Day in the life: the hours of the day as a strip, each stage's time marked with its number
  // (the look of the matplotlib drawing, cjm_helpers/draw/day.py).
  function clockStrip(cols) {
    const width = cols.length * COL;
    const timed = map.stages.map((stage, s) => [s, minutes(stage.time)]).filter(([, m]) => m !== null);
    const first = Math.min(...timed.map(([, m]) => m), 6 * 60);
    const last = Math.max(...timed.map(([, m]) => m), 22 * 60);
    const start = Math.max(0, (Math.floor(first / 60) - 1) * 60);
    const end = Math.min(24 * 60, (Math.floor(last / 60) + 2) * 60);
    const span = Math.max(60, end - start);
    const x = (m) => 24 + (width - 48) * (m - start) / span;
    const y = CLOCK - 20;
    const said = timed.map(([s]) => `stage ${s + 1} ${map.stages[s].name} at ${map.stages[s].time}`);
    const strip = svg("svg", { class: "cjm-clock", width, height: CLOCK, role: "img",
      "aria-label": `Time of day: ${said.join("; ") || "no stage has a time yet"}` });
    strip.append(svg("line", { x1: x(start), x2: x(end), y1: y, y2: y, class: "cjm-clock-axis" }));
    const step = span <= 8 * 60 ? 60 : span <= 14 * 60 ? 120 : 180;
    for (let m = start; m <= end; m += step) {
      strip.append(svg("line", { x1: x(m), x2: x(m), y1: y - 4, y2: y + 4, class: "cjm-clock-axis" }),
        svg("text", { x: x(m), y: y + 16, class: "cjm-clock-hour", text: `${String(Math.floor(m / 60)).padStart(2, "0")}:00` }));
    }
    const levels = [];
    for (const [s, m] of timed) {
      const at = x(m);
      let row = 0;
      while (row < levels.length && at - levels[row] < 26) row += 1;
      levels[row] = at;
      const cy = y - 14 - row * 22;
      const mark = svg("g", { class: "cjm-clock-mark", "data-stage-index": s });
      mark.append(svg("title", { text: `${map.stages[s].name}: ${map.stages[s].time}` }),
        svg("line", { x1: at, x2: at, y1: cy, y2: y, class: "cjm-clock-stem" }),
        svg("circle", { cx: at, cy, r: 10 }),
        svg("text", { x: at, y: cy + 4, text: String(s + 1) }));
      strip.append(mark);
    }
    return strip;
  }

  function draw() {
    if (editing) return; // the open editor draws when it closes
    built = 0;
    used = new Set();
    const active = document.activeElement && root.contains(document.activeElement) ? document.activeElement : null;
    const cols = columns();
    const lanes = words("lanes");
    const nodes = [];
    grid.style.gridTemplateColumns = `132px repeat(${cols.length}, ${COL}px) 96px`;
    nodes.push(keep("corner", "", () => el("div", { class: "cjm-corner", text: "Stages" })));
    const day = map.map_type === "day_in_the_life";
    // a header's width (its span) is set in place: a touchpoint added or moved to another
    // stage builds no header again
    map.stages.forEach((stage, s) => {
      const header = keep(`stage:${s}`, sig(stage.name, stage.time ?? null, day, faultsOf(`stage:${s}`)),
        () => stageHeader(s));
      const span = `span ${Math.max(1, stage.touchpoints.length)}`;
      if (header.style.gridColumn !== span) header.style.gridColumn = span;
      header.cjmRight.disabled = s === map.stages.length - 1;   // the last stage cannot move right
      nodes.push(header);
    });
    nodes.push(keep("add-stage", "", () => el("button", { class: "cjm-add cjm-add-stage", type: "button", text: "+ stage",
      "aria-label": "Add a stage at the end", title: "Add a stage at the end of the journey", onclick: () => addStage() })));
    if (day) {
      nodes.push(keep("lane:clock", "", () => el("div", { class: "cjm-lane", "data-lane": "clock" }, "Time of day",
        el("small", { text: "each stage's time, numbered like its column" }))));
      nodes.push(keep("clock", sig(cols.length, map.stages.map((stage) => [stage.name, stage.time ?? null])), () =>
        el("div", { class: "cjm-clock-row", "data-lane": "clock", style: `grid-column: span ${cols.length}` }, clockStrip(cols))));
      nodes.push(keep("end:clock", "", () => el("div", { "data-lane": "clock" })));
    }
    for (const [lane, label] of lanes) {
      nodes.push(keep(`lane:${lane}`, label, () => el("div", { class: "cjm-lane", "data-lane": lane }, label,
        lane === "feeling" ? el("small", { text: "top 😄 +2, middle 😐 0, bottom 😠 -2; drag a point or use ↑ ↓" }) : null)));
      if (lane === "feeling") {
        const row = keep("feeling-row", "", () => {
          const box = el("div", { class: "cjm-feeling-row" });
          curve = svg("svg", { class: "cjm-curve", height: TRACK + 28, "aria-hidden": "true" });
          curve.append(svg("polyline", { class: "cjm-line-before" }), svg("polyline", { class: "cjm-line" }));
          box.append(curve);
          return box;
        });
        row.style.gridColumn = `span ${cols.length}`;
        curve.setAttribute("width", cols.length * COL);
        arrange(row, [curve, ...cols.map(({ s, tp }) => tp
          ? keep(`feeling:${tp.id}`, feelingSig(tp.id), () => feelingCell(tp.id))
          : keep(`feeling-blank:${s}`, "", () => el("div", { class: "cjm-feeling" })))]);
        nodes.push(row, keep("end:feeling", "", () => el("div")));
        continue;
      }
      for (const { s, tp } of cols) {
        let node;
        if (!tp) {
          node = keep(`blank:${s}:${lane}`, sig(map.stages[s].name), () => el("div", { class: "cjm-blank" },
            lane === "touchpoint" ? el("button", { class: "cjm-add", type: "button", text: "+ touchpoint",
              "aria-label": `Add a touchpoint to stage ${map.stages[s].name}`, onclick: () => addTouchpoint(s) }) : null));
        } else {
          node = laneCell(lane, label, tp.id);
        }
        node.dataset.lane = lane;
        nodes.push(node);
      }
      nodes.push(keep(`end:${lane}`, "", () => el("div", { "data-lane": lane })));
    }
    arrange(grid, nodes);
    for (const key of [...cache.keys()]) if (!used.has(key)) cache.delete(key);
    drawCurve();
    const mapFaults = faultsOf("map");
    const faultText = JSON.stringify(mapFaults);
    if (summary.dataset.shows !== faultText) {
      summary.dataset.shows = faultText;
      summary.replaceChildren(...mapFaults.map((text) => el("div", { text: `⚠ ${text}` })));
      summary.hidden = !mapFaults.length;
    }
    toolbarState();
    root.dataset.built = String(built);
    root.dataset.draws = String(Number(root.dataset.draws || 0) + 1);
    if (!focusAfter && active && !active.isConnected) { // its cell was built again: focus the new one
      if (active.dataset.cell) focusAfter = `[data-cell="${CSS.escape(active.dataset.cell)}"]`;
      else if (active.hasAttribute("data-feeling-handle")) focusAfter = `[data-feeling-handle][data-touchpoint-id="${CSS.escape(active.dataset.touchpointId)}"]`;
      else if (active.dataset.touchpointId) focusAfter = `.cjm-card[data-touchpoint-id="${CSS.escape(active.dataset.touchpointId)}"]`;
      else if (active.dataset.stageIndex) focusAfter = `.cjm-stage[data-stage-index="${active.dataset.stageIndex}"]`;
    }
    if (focusAfter) {
      const target = root.querySelector(focusAfter);
      if (target && target !== document.activeElement) target.focus({ preventScroll: false });
      focusAfter = null;
    }
  }

  const toolbar = el("div", { class: "cjm-toolbar" },
    el("button", { class: "cjm-undo", type: "button", text: "↶ Undo", title: "Undo (Ctrl+Z)", onclick: () => ask("undo") }),
    el("button", { class: "cjm-redo", type: "button", text: "↷ Redo", title: "Redo (Ctrl+Shift+Z)", onclick: () => ask("redo") }),
    el("span", { class: "cjm-notice", role: "status" }));
  const summary = el("div", { class: "cjm-map-faults", role: "note", hidden: true });
  const grid = el("div", { class: "cjm-grid", role: "region", "aria-label": "Journey map canvas" });
  const scroller = el("div", { class: "cjm-scroll" }, grid);
  root.append(toolbar, summary, scroller);

  function toolbarState() {
    toolbar.querySelector(".cjm-undo").disabled = !model.get("can_undo");
    toolbar.querySelector(".cjm-redo").disabled = !model.get("can_redo");
    const notice = toolbar.querySelector(".cjm-notice");
    const text = model.get("notice") || "";
    if (notice.textContent !== text) notice.textContent = text;
  }

  root.cjmKey = (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== "z") return false;
    ask(event.shiftKey ? "redo" : "undo");
    return true;
  };
  // Keys reach the canvas before the notebook's own shortcuts (Notebook 7 takes ArrowUp and
  // Ctrl+Z at the document): the window sees a key first, and a control of the canvas that
  // uses it (its cjmKey says so) keeps it from the page. Editors keep their own keys.
  const onKey = (event) => {
    if (!event.isTrusted || !root.contains(event.target) || event.target.matches("input, textarea, select")) return;
    for (let node = event.target; node && node !== host; node = node.parentNode) {
      if (node.cjmKey && node.cjmKey(event)) { event.preventDefault(); event.stopPropagation(); return; }
    }
  };
  window.addEventListener("keydown", onKey, true);

  function fromPython() {
    if ((model.get("seq") || 0) < sent) return; // an answer to an older edit: the newer one is on its way
    if (editing) { stale = true; return; }
    stale = false;
    const incoming = model.get("journey") || { stages: [] };
    const answer = asked;
    const mine = awaiting || (answer && answer.predicted);
    asked = null;
    awaiting = false;
    const agreed = version(incoming);
    if (!mine || agreed.key !== shown.key) { past = []; ahead = []; } // not what the canvas foresaw: Python leads
    shown = agreed;
    if (JSON.stringify(incoming) === JSON.stringify(map) || (mine && agreed.key === canonical(map))) return; // as drawn
    map = structuredClone(incoming);
    reindex();
    draw(); // only the cells whose data differ are built again
    if (answer && !answer.predicted) measure(answer.kind, answer.started);
  }
  sent = model.get("seq") || 0;
  model.on("change:journey", fromPython);
  for (const name of ["faults", "baseline", "words", "current_pains"]) model.on(`change:${name}`, () => draw());
  for (const name of ["can_undo", "can_redo", "notice"]) model.on(`change:${name}`, toolbarState);
  // for the benchmark: every cell built from scratch, as each edit drew before drawing was incremental
  root.cjmRebuild = () => { cache.clear(); draw(); };
  reindex();
  draw();
  return () => { window.removeEventListener("keydown", onKey, true); root.remove(); };
}

export default { render };
