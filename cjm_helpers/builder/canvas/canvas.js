// The journey canvas: stages as columns, lanes as rows, edited in place.
// Every edit is drawn here at once, then the whole map goes to Python, which validates,
// saves and sends the validated map back ("journey"). Learner text is set as text, never as HTML.

const COL = 176;           // width of one touchpoint column (px)
const TRACK = 112;         // height of the feeling track (px)
const FACES = { "-2": "😠", "-1": "🙁", "0": "😐", "1": "🙂", "2": "😄" };
const SEVERITY = { 1: "minor", 2: "serious", 3: "critical" };
const LIST_LANES = ["opportunities", "evidence", "frontstage", "backstage", "support"];

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

function nextId(prefix, taken) {
  let n = 1;
  while (taken.has(prefix + n)) n += 1;
  return prefix + n;
}

function allTouchpoints(map) {
  return map.stages.flatMap((stage) => stage.touchpoints);
}

function render({ model, el: host }) {
  let map = structuredClone(model.get("journey") || { stages: [] });
  let editing = null;   // the open in-place editor: {commit, cancel}
  let dragged = null;   // the id of the touchpoint card being dragged
  let focusAfter = null; // a selector to focus after the next draw
  let sent = 0;         // edits sent; Python's "seq" says how many it has answered
  let stale = false;    // Python sent a map while an editor was open
  const root = el("div", { class: "cjm-canvas", "data-lm-suppress-shortcuts": "true" });
  host.append(root);

  // --- sending edits ------------------------------------------------------------------
  function commit(kind, label, redraw = draw) {
    const started = performance.now();
    redraw();
    requestAnimationFrame(() => {
      root.dataset.paintMs = (performance.now() - started).toFixed(1);
      root.dataset.edits = String(Number(root.dataset.edits || 0) + 1);
    });
    sent += 1;
    model.send({ kind: "map", action: kind, label: label || kind, seq: sent, map });
  }

  function words(key) {
    return (model.get("words") || {})[key] || [];
  }

  // --- in-place text editing ----------------------------------------------------------
  function editText(cell, value, multiline, done, label) {
    if (editing) editing.commit();
    const box = el(multiline ? "textarea" : "input", { class: "cjm-editor", "aria-label": label, rows: multiline ? 3 : null });
    box.value = value;
    let finished = false;
    const finish = (keep) => {
      if (finished) return;
      finished = true;
      editing = null;
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
    cell.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); open(); }
    });
    return cell;
  }

  // --- actions ------------------------------------------------------------------------
  function addStage() {
    const n = map.stages.length + 1;
    map.stages.push({ name: `Stage ${n}`, goal: "", touchpoints: [] });
    focusAfter = `[data-cell="stage:${n - 1}:name"]`;
    commit("add_stage", "Add stage");
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

  function findTouchpoint(id) {
    for (const [s, stage] of map.stages.entries()) {
      const i = stage.touchpoints.findIndex((tp) => tp.id === id);
      if (i >= 0) return [s, i, stage.touchpoints[i]];
    }
    return [null, null, null];
  }

  function moveTouchpoint(id, toStage, toIndex) {
    const [s, i, tp] = findTouchpoint(id);
    if (tp === null || toStage < 0 || toStage >= map.stages.length) return;
    map.stages[s].touchpoints.splice(i, 1);
    const target = map.stages[toStage].touchpoints;
    target.splice(Math.max(0, Math.min(toIndex, target.length)), 0, tp);
    focusAfter = `[data-touchpoint-id="${CSS.escape(id)}"].cjm-card`;
    commit("move", "Move touchpoint");
  }

  function stepTouchpoint(id, step) {
    const [s, i] = findTouchpoint(id);
    if (s === null) return;
    const here = map.stages[s].touchpoints.length;
    if (step < 0 && i > 0) moveTouchpoint(id, s, i - 1);
    else if (step > 0 && i < here - 1) moveTouchpoint(id, s, i + 1);
    else if (step < 0 && s > 0) moveTouchpoint(id, s - 1, map.stages[s - 1].touchpoints.length);
    else if (step > 0 && s < map.stages.length - 1) moveTouchpoint(id, s + 1, 0);
  }

  function setFeeling(tp, value) {
    tp.feeling = Math.max(-2, Math.min(2, value));
    const handle = root.querySelector(`[data-feeling-handle][data-touchpoint-id="${CSS.escape(tp.id)}"]`);
    if (handle && handle.cjmPlace && !editing) {
      // only the point and the curve change: move them in place (a long map redraws in ~100 ms)
      commit("feeling", "Set feeling", () => { handle.cjmPlace(tp.feeling); drawCurve(); });
      return;
    }
    focusAfter = `[data-feeling-handle][data-touchpoint-id="${CSS.escape(tp.id)}"]`;
    commit("feeling", "Set feeling");
  }

  // --- drawing ------------------------------------------------------------------------
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

  function stageHeader(stage, s, span) {
    const day = map.map_type === "day_in_the_life";
    const header = el("div", {
      class: "cjm-stage", style: `grid-column: span ${span}`, "data-stage-index": s,
      role: "group", "aria-label": `Stage ${s + 1}: ${stage.name}`,
    });
    const name = editable(`stage:${s}:name`, stage.name, "Stage name", `Stage ${s + 1} name`, (v) => {
      if (v) { stage.name = v; commit("type:stage", "Rename stage"); } else draw();
    }, false);
    name.classList.add("cjm-stage-name");
    const tools = el("div", { class: "cjm-tools" },
      day ? editable(`stage:${s}:time`, stage.time || "", "time", `Time of stage ${stage.name}, like 07:30`, (v) => {
        stage.time = v || null; commit("type:time", "Set time");
      }, false) : null,
      el("button", { class: "cjm-add", type: "button", title: "Add a touchpoint to this stage",
        "aria-label": `Add a touchpoint to stage ${stage.name}`, text: "+ touchpoint",
        onclick: () => addTouchpoint(s) }),
      el("button", { class: "cjm-remove", type: "button", title: "Remove this stage (Undo brings it back)",
        "aria-label": `Remove stage ${stage.name}`, text: "×",
        onclick: () => { map.stages.splice(s, 1); commit("remove", "Remove stage"); } }));
    header.append(name, tools);
    header.addEventListener("dragover", (event) => { if (dragged) { event.preventDefault(); header.classList.add("cjm-drop"); } });
    header.addEventListener("dragleave", () => header.classList.remove("cjm-drop"));
    header.addEventListener("drop", (event) => {
      event.preventDefault();
      if (dragged) moveTouchpoint(dragged, s, stage.touchpoints.length);
    });
    return markFaults(header, `stage:${s}`);
  }

  function card(tp, s) {
    const box = el("div", {
      class: "cjm-card" + (tp.moment_of_truth ? " cjm-mot" : ""), "data-touchpoint-id": tp.id, tabindex: 0,
      draggable: "true", role: "group",
      "aria-label": `Touchpoint ${tp.name}. Enter edits the name, Alt+Left or Alt+Right moves it.`,
    });
    const name = editable(`tp:${tp.id}:name`, tp.name, "Touchpoint", "Touchpoint name", (v) => {
      if (v) { tp.name = v; commit("type:name", "Rename touchpoint"); } else draw();
    }, false);
    name.classList.add("cjm-tp-name");
    const star = el("button", {
      class: "cjm-star", type: "button", "aria-pressed": tp.moment_of_truth ? "true" : "false",
      title: "Moment of truth: a moment that decides whether the customer stays",
      "aria-label": `Moment of truth for ${tp.name}`, text: tp.moment_of_truth ? "★ moment of truth" : "☆ moment of truth",
      onclick: () => { tp.moment_of_truth = !tp.moment_of_truth; commit("moment_of_truth", "Moment of truth"); },
    });
    const remove = el("button", {
      class: "cjm-remove", type: "button", title: "Remove this touchpoint (Undo brings it back)",
      "aria-label": `Remove touchpoint ${tp.name}`, text: "×",
      onclick: () => {
        const [st, i] = findTouchpoint(tp.id);
        map.stages[st].touchpoints.splice(i, 1);
        commit("remove", "Remove touchpoint");
      },
    });
    box.append(el("div", { class: "cjm-card-top" }, name, remove), star);
    box.addEventListener("keydown", (event) => {
      if (event.target !== box) return;
      if (event.key === "Enter") { event.preventDefault(); name.click(); }
      else if (event.altKey && event.key === "ArrowLeft") { event.preventDefault(); stepTouchpoint(tp.id, -1); }
      else if (event.altKey && event.key === "ArrowRight") { event.preventDefault(); stepTouchpoint(tp.id, 1); }
    });
    box.addEventListener("dragstart", (event) => {
      dragged = tp.id;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", tp.name);
    });
    box.addEventListener("dragend", () => { dragged = null; });
    box.addEventListener("dragover", (event) => { if (dragged && dragged !== tp.id) event.preventDefault(); });
    box.addEventListener("drop", (event) => {
      event.preventDefault();
      event.stopPropagation();
      if (!dragged || dragged === tp.id) return;
      const [st, i] = findTouchpoint(tp.id);
      const rect = box.getBoundingClientRect();
      const after = event.clientX > rect.left + rect.width / 2;
      const [fromStage, fromIndex] = findTouchpoint(dragged);
      let index = i + (after ? 1 : 0);
      if (fromStage === st && fromIndex < index) index -= 1;
      moveTouchpoint(dragged, st, index);
    });
    return markFaults(box, `tp:${tp.id}`);
  }

  function picker(tp, field, options, label) {
    const select = el("select", { class: "cjm-select", "aria-label": `${label} of ${tp.name}`, title: label,
      "data-cell": `tp:${tp.id}:${field}` });
    select.append(el("option", { value: "", text: `${label}…` }));
    for (const [value, text] of options) {
      select.append(el("option", { value, text, selected: tp[field] === value ? "selected" : null }));
    }
    select.value = tp[field] || "";
    select.addEventListener("change", () => {
      tp[field] = select.value || null;
      focusAfter = `[data-cell="tp:${tp.id}:${field}"]`;
      commit(field, label);
    });
    return select;
  }

  function feelingCell(tp, baseline) {
    const cell = el("div", { class: "cjm-feeling" });
    const value = tp.feeling;
    const handle = el("div", {
      class: "cjm-handle" + (value === null || value === undefined ? " cjm-unrated" : ""),
      "data-feeling-handle": "", "data-touchpoint-id": tp.id, role: "slider", tabindex: 0,
      "aria-valuemin": -2, "aria-valuemax": 2, "aria-valuenow": value ?? null,
      "aria-valuetext": value === null || value === undefined ? "not rated" : `${value > 0 ? "+" : ""}${value}`,
      "aria-label": `Feeling at ${tp.name}`,
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
    place(value);
    handle.addEventListener("keydown", (event) => {
      const now = tp.feeling ?? null;
      let next = null;
      if (event.key === "ArrowUp" || event.key === "ArrowRight") next = now === null ? 0 : now + 1;
      else if (event.key === "ArrowDown" || event.key === "ArrowLeft") next = now === null ? 0 : now - 1;
      else if (event.key === "Home") next = -2;
      else if (event.key === "End") next = 2;
      if (next === null) return;
      event.preventDefault();
      event.stopPropagation();
      next = Math.max(-2, Math.min(2, next));
      if (next !== now) setFeeling(tp, next);
    });
    handle.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      handle.setPointerCapture(event.pointerId);
      handle.focus();
      const top = cell.getBoundingClientRect().top;
      let current = tp.feeling ?? null;
      const move = (e) => {
        const v = Math.max(-2, Math.min(2, Math.round(2 - ((e.clientY - top) / TRACK) * 4)));
        if (v === current) return;
        current = v;
        place(v);
        handle.setAttribute("aria-valuenow", v);
        tp.feeling = v;
        drawCurve();
      };
      const up = (e) => {
        handle.removeEventListener("pointermove", move);
        handle.removeEventListener("pointerup", up);
        move(e);
        if (current !== null) setFeeling(tp, current);
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

  let curve = null;
  function drawCurve() {
    if (!curve) return;
    const cols = columns();
    const points = [];
    const before = [];
    const baseline = model.get("baseline") || {};
    cols.forEach(({ tp }, n) => {
      const x = n * COL + COL / 2;
      if (tp && tp.feeling !== null && tp.feeling !== undefined) points.push(`${x},${((2 - tp.feeling) / 4) * TRACK + 14}`);
      if (tp && baseline[tp.id] !== undefined && baseline[tp.id] !== null) before.push(`${x},${((2 - baseline[tp.id]) / 4) * TRACK + 14}`);
    });
    curve.querySelector(".cjm-line").setAttribute("points", points.join(" "));
    curve.querySelector(".cjm-line-before").setAttribute("points", before.join(" "));
  }

  // A lane cell redraws only itself after an edit: nothing else on the canvas shows its text.
  function patchedCell(key, read, write, placeholder, label) {
    let node = null;
    const make = () => editable(key, read(), placeholder, label, (v) => {
      write(v);
      commit(`type:${key.split(":").pop()}`, label, () => {
        const fresh = make();
        node.replaceWith(fresh);
        node = fresh;
        if (focusAfter) { fresh.focus(); focusAfter = null; }
      });
    });
    node = make();
    return node;
  }

  function listCell(tp, field, label) {
    return patchedCell(`tp:${tp.id}:${field}`, () => (tp[field] || []).join("\n"), (v) => {
      tp[field] = v.split("\n").map((line) => line.trim()).filter(Boolean);
    }, "+ add", `${label} at ${tp.name}, one per line`);
  }

  function painCell(tp) {
    const cell = el("div", { class: "cjm-pains" });
    tp.pain_points.forEach((pp, n) => {
      const severity = el("button", {
        class: `cjm-severity cjm-sev${pp.severity}`, type: "button",
        "aria-label": `Severity ${pp.severity} (${SEVERITY[pp.severity]}); press to change`,
        title: "Severity: 1 minor, 2 serious, 3 critical (press to change)",
        text: `${"!".repeat(pp.severity)} ${SEVERITY[pp.severity]}`,
        onclick: () => { pp.severity = pp.severity % 3 + 1; commit("severity", "Severity"); },
      });
      const text = editable(`pp:${pp.id}:text`, pp.text, "Pain point", `Pain point at ${tp.name}`, (v) => {
        if (v) { pp.text = v; commit("type:pain", "Pain point"); } else draw();
      });
      const remove = el("button", { class: "cjm-remove", type: "button", text: "×",
        title: "Remove this pain point (Undo brings it back)", "aria-label": `Remove pain point ${pp.text}`,
        onclick: () => { tp.pain_points.splice(n, 1); commit("remove", "Remove pain point"); } });
      cell.append(el("div", { class: "cjm-pain" }, el("div", { class: "cjm-pain-top" }, severity, remove), text));
    });
    const add = el("div", { class: "cjm-cell cjm-empty cjm-add-pain", tabindex: 0, role: "button",
      "data-cell": `tp:${tp.id}:new-pain`, "aria-label": `Add a pain point at ${tp.name}`, text: "+ pain point" });
    const open = () => editText(add, "", true, (v) => {
      if (!v) { draw(); return; }
      const taken = new Set(allTouchpoints(map).flatMap((t) => t.pain_points.map((p) => p.id)));
      tp.pain_points.push({ id: nextId("pp", taken), text: v, severity: 2 });
      focusAfter = `[data-cell="tp:${tp.id}:new-pain"]`;
      commit("add_pain_point", "Add pain point");
    }, `New pain point at ${tp.name}`);
    add.addEventListener("click", open);
    add.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); open(); } });
    cell.append(add);
    return cell;
  }

  // Future state: the improvements that show at this touchpoint, and a small form to add one.
  function improvementsOn(tp) {
    if (map.map_type !== "future_state") return null;
    const pains = model.get("current_pains") || [];
    const box = el("div", { class: "cjm-improvements" });
    (map.improvements || []).forEach((imp, n) => {
      if (imp.touchpoint !== tp.id) return;
      const pain = pains.find(([id]) => id === imp.pain_point);
      const sign = imp.expected_feeling > 0 ? "+" : "";
      box.append(el("div", { class: "cjm-improvement", title: pain ? `Answers: ${pain[1]}` : "" },
        el("span", { text: `✚ ${imp.change} (feeling there ${sign}${imp.expected_feeling})` }),
        el("button", { class: "cjm-remove", type: "button", text: "×", "aria-label": `Remove improvement ${imp.change}`,
          title: "Remove this improvement (Undo brings it back)",
          onclick: () => { map.improvements.splice(n, 1); commit("remove", "Remove improvement"); } })));
    });
    (map.deferred || []).forEach((item, n) => {
      const pain = pains.find(([id]) => id === item.pain_point);
      if (!pain || pain[3] !== tp.id) return;
      box.append(el("div", { class: "cjm-deferred", title: `Deferred: ${pain[1]}` },
        el("span", { text: `⏸ later: ${item.reason}` }),
        el("button", { class: "cjm-remove", type: "button", text: "×", "aria-label": `Remove deferral ${item.reason}`,
          title: "Remove this deferral (Undo brings it back)",
          onclick: () => { map.deferred.splice(n, 1); commit("remove", "Remove deferral"); } })));
    });
    const decided = new Set([...(map.improvements || []), ...(map.deferred || [])].map((d) => d.pain_point));
    const open = pains.filter(([id]) => !decided.has(id));
    if (!open.length) return box;
    const add = el("button", { class: "cjm-add cjm-add-improvement", type: "button", text: "+ improvement",
      "aria-label": `Add an improvement at ${tp.name}`, title: "Answer a current pain point with a change here" });
    add.addEventListener("click", () => {
      const pain = el("select", { class: "cjm-select", "aria-label": "The current pain point it answers" },
        ...open.map(([id, text, where]) => el("option", { value: id, text: `${text} (${where})` })));
      const change = el("textarea", { class: "cjm-editor", rows: 2, "aria-label": "The change, or why it waits",
        placeholder: "The change (or why it waits)" });
      const feeling = el("select", { class: "cjm-select", "aria-label": "Feeling at this touchpoint after the change" },
        ...[2, 1, 0, -1, -2].map((v) => el("option", { value: v, text: `feeling there ${FACES[v]} ${v > 0 ? "+" : ""}${v}`, selected: v === 1 ? "selected" : null })));
      const save = el("button", { type: "button", text: "Add", onclick: () => {
        if (!change.value.trim()) { change.focus(); return; }
        map.improvements = map.improvements || [];
        // one number: the improvement's feeling is this touchpoint's own feeling in the future
        tp.feeling = Number(feeling.value);
        map.improvements.push({ pain_point: pain.value, change: change.value.trim(), touchpoint: tp.id,
          expected_feeling: tp.feeling });
        commit("add_improvement", "Add improvement");
      } });
      const defer = el("button", { type: "button", text: "Defer", title: "Leave this pain point for later; the text says why",
        onclick: () => {
          if (!change.value.trim()) { change.focus(); return; }
          map.deferred = map.deferred || [];
          map.deferred.push({ pain_point: pain.value, reason: change.value.trim() });
          commit("defer", "Defer pain point");
        } });
      const cancel = el("button", { type: "button", text: "Cancel", onclick: () => draw() });
      add.replaceWith(el("div", { class: "cjm-improvement-form", role: "group", "aria-label": "New improvement" },
        pain, change, feeling, el("div", { class: "cjm-tools" }, save, defer, cancel)));
      change.focus();
    });
    box.append(add);
    return box;
  }

  function draw() {
    if (editing) return; // the open editor draws when it closes
    const cols = columns();
    const lanes = words("lanes");
    const baseline = model.get("baseline") || {};
    const grid = el("div", { class: "cjm-grid", role: "region", "aria-label": "Journey map canvas",
      style: `grid-template-columns: 132px repeat(${cols.length}, ${COL}px) 96px` });
    // header row: stages
    grid.append(el("div", { class: "cjm-corner", text: "Stages" }));
    map.stages.forEach((stage, s) => grid.append(stageHeader(stage, s, Math.max(1, stage.touchpoints.length))));
    grid.append(el("button", { class: "cjm-add cjm-add-stage", type: "button", text: "+ stage",
      "aria-label": "Add a stage at the end", title: "Add a stage at the end of the journey", onclick: addStage }));
    for (const [lane, label] of lanes) {
      grid.append(el("div", { class: "cjm-lane", "data-lane": lane }, label,
        lane === "feeling" ? el("small", { text: "top 😄 +2, middle 😐 0, bottom 😠 -2; drag a point or use ↑ ↓" }) : null));
      if (lane === "feeling") {
        const row = el("div", { class: "cjm-feeling-row", style: `grid-column: span ${cols.length}` });
        curve = document.createElementNS("http://www.w3.org/2000/svg", "svg");
        curve.setAttribute("class", "cjm-curve");
        curve.setAttribute("width", cols.length * COL);
        curve.setAttribute("height", TRACK + 28);
        curve.setAttribute("aria-hidden", "true");
        for (const name of ["cjm-line-before", "cjm-line"]) {
          const line = document.createElementNS("http://www.w3.org/2000/svg", "polyline");
          line.setAttribute("class", name);
          curve.append(line);
        }
        row.append(curve);
        cols.forEach(({ tp }) => row.append(tp ? feelingCell(tp, baseline[tp.id]) : el("div", { class: "cjm-feeling" })));
        grid.append(row, el("div"));
        continue;
      }
      for (const { s, tp } of cols) {
        if (!tp) {
          grid.append(el("div", { class: "cjm-blank", "data-lane": lane }, lane === "touchpoint" ? el("button", {
            class: "cjm-add", type: "button", text: "+ touchpoint", "aria-label": `Add a touchpoint to stage ${map.stages[s].name}`,
            onclick: () => addTouchpoint(s) }) : null));
          continue;
        }
        let node;
        if (lane === "touchpoint") node = el("div", { class: "cjm-slot" }, card(tp, s), improvementsOn(tp));
        else if (lane === "channel") node = el("div", { class: "cjm-slot cjm-pickers" },
          picker(tp, "channel", words("channels"), "Channel"), picker(tp, "owner", words("owners"), "Owner"));
        else if (lane === "pain_points") node = painCell(tp);
        else if (LIST_LANES.includes(lane)) node = listCell(tp, lane, label);
        else node = patchedCell(`tp:${tp.id}:${lane}`, () => tp[lane] || "", (v) => { tp[lane] = v; },
          "+ add", `${label} at ${tp.name}`);
        node.dataset.lane = lane;
        grid.append(node);
      }
      grid.append(el("div", { "data-lane": lane }));
    }
    const toolbar = el("div", { class: "cjm-toolbar" },
      el("button", { class: "cjm-undo", type: "button", text: "↶ Undo", title: "Undo (Ctrl+Z)", disabled: !model.get("can_undo"),
        onclick: () => model.send({ kind: "undo" }) }),
      el("button", { class: "cjm-redo", type: "button", text: "↷ Redo", title: "Redo (Ctrl+Shift+Z)", disabled: !model.get("can_redo"),
        onclick: () => model.send({ kind: "redo" }) }),
      el("span", { class: "cjm-notice", role: "status", text: model.get("notice") || "" }));
    const mapFaults = faultsOf("map");
    const summary = mapFaults.length ? el("div", { class: "cjm-map-faults", role: "note" },
      ...mapFaults.map((text) => el("div", { text: `⚠ ${text}` }))) : null;
    const scroller = el("div", { class: "cjm-scroll" }, grid);
    const keepScroll = root.querySelector(".cjm-scroll")?.scrollLeft || 0;
    root.replaceChildren(toolbar, summary || "", scroller);
    scroller.scrollLeft = keepScroll;
    drawCurve();
    if (focusAfter) {
      root.querySelector(focusAfter)?.focus({ preventScroll: false });
      focusAfter = null;
    }
  }

  root.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== "z") return;
    if (event.target.matches("input, textarea")) return;
    event.preventDefault();
    event.stopPropagation();
    model.send({ kind: event.shiftKey ? "redo" : "undo" });
  });

  function fromPython() {
    if ((model.get("seq") || 0) < sent) return; // an answer to an older edit: the newer one is on its way
    if (editing) { stale = true; return; }
    stale = false;
    const incoming = model.get("journey") || { stages: [] };
    if (JSON.stringify(incoming) === JSON.stringify(map)) return; // Python agrees with what is drawn
    map = structuredClone(model.get("journey") || { stages: [] });
    const active = document.activeElement;
    if (!focusAfter && active && root.contains(active)) {
      if (active.dataset.cell) focusAfter = `[data-cell="${CSS.escape(active.dataset.cell)}"]`;
      else if (active.hasAttribute("data-feeling-handle")) focusAfter = `[data-feeling-handle][data-touchpoint-id="${CSS.escape(active.dataset.touchpointId)}"]`;
      else if (active.dataset.touchpointId) focusAfter = `.cjm-card[data-touchpoint-id="${CSS.escape(active.dataset.touchpointId)}"]`;
    }
    draw();
  }
  sent = model.get("seq") || 0;
  model.on("change:journey", fromPython);
  for (const name of ["faults", "baseline", "words", "current_pains"]) model.on(`change:${name}`, () => draw());
  const toolbarState = () => {
    const undo = root.querySelector(".cjm-undo");
    const redo = root.querySelector(".cjm-redo");
    if (undo) undo.disabled = !model.get("can_undo");
    if (redo) redo.disabled = !model.get("can_redo");
    const notice = root.querySelector(".cjm-notice");
    if (notice) notice.textContent = model.get("notice") || "";
  };
  for (const name of ["can_undo", "can_redo", "notice"]) model.on(`change:${name}`, toolbarState);
  draw();
  return () => root.remove();
}

export default { render };
