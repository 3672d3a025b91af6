/* GovKG responsibility network page.
 *
 * Every text from a document arrives as JSON data and is put into the page
 * with textContent, never as HTML: a unit whose name is an HTML tag (an
 * image with an onerror handler, say) is shown as those characters.  vis-network's own HTML tooltips (node "title")
 * are not used; the tooltip below is built from DOM elements.
 *
 * When the network has been drawn (with physics on: after its stabilisation
 * iterations) the body gets data-ready="1" and data-drawn / data-in-view /
 * data-settle-ms, which tests and the benchmark read back.
 */
(function () {
  "use strict";
  var started = performance.now();
  var status = { ready: false, nodes: 0, edges: 0, drawn: 0, inView: 0, settleMs: null, violations: [], errors: [] };
  document.addEventListener("securitypolicyviolation", function (e) {
    status.violations.push(e.violatedDirective + " " + e.blockedURI);
  });
  window.addEventListener("error", function (e) {
    status.errors.push(String(e.message));
  });

  var data = JSON.parse(document.getElementById("govkg-data").textContent);
  var info = data.info;
  var container = document.getElementById("network");
  var tooltip = document.getElementById("tooltip");
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  status.nodes = data.nodes.length;
  status.edges = data.edges.length;

  // -- ready marker ------------------------------------------------------------------
  function countDrawn() {
    var positions = network.getPositions();
    var rect = container.getBoundingClientRect();
    var drawn = 0;
    var inView = 0;
    Object.keys(positions).forEach(function (id) {
      var p = positions[id];
      if (!isFinite(p.x) || !isFinite(p.y)) return;
      drawn += 1;
      var dom = network.canvasToDOM(p);
      if (dom.x >= -1 && dom.y >= -1 && dom.x <= rect.width + 1 && dom.y <= rect.height + 1) inView += 1;
    });
    return { drawn: drawn, inView: inView };
  }
  function markReady() {
    if (status.ready) return;
    var counts = countDrawn();
    status.drawn = counts.drawn;
    status.inView = counts.inView;
    status.settleMs = Math.round(performance.now() - started);
    status.scale = network.getScale();
    status.ready = true;
    document.body.dataset.drawn = String(status.drawn);
    document.body.dataset.inView = String(status.inView);
    document.body.dataset.settleMs = String(status.settleMs);
    document.body.dataset.ready = "1";
  }
  if (data.options.physics.enabled) {
    // Physics refines the Python layout for a bounded number of iterations,
    // then stops (dragging a node starts it again): a network of hundreds of
    // nodes never falls below vis-network's minimum velocity on its own.
    network.once("stabilizationIterationsDone", function () {
      network.stopSimulation();
      network.fit({ maxZoomLevel: 1.5 });
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", function () {
      network.fit({ maxZoomLevel: 1.5 });
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  }

  // -- tooltips ----------------------------------------------------------------------
  function fillTooltip(item) {
    tooltip.replaceChildren();
    var title = document.createElement("div");
    title.className = "t";
    title.textContent = item.t;
    tooltip.appendChild(title);
    var list = document.createElement("dl");
    item.r.forEach(function (row) {
      var dt = document.createElement("dt");
      dt.textContent = row[0];
      var dd = document.createElement("dd");
      dd.textContent = row[1];
      list.appendChild(dt);
      list.appendChild(dd);
    });
    tooltip.appendChild(list);
  }
  function showTooltip(item, pointer) {
    fillTooltip(item);
    tooltip.hidden = false;
    var box = container.getBoundingClientRect();
    var x = Math.min(pointer.x + 14, box.width - tooltip.offsetWidth - 8);
    var y = pointer.y + 14;
    if (y + tooltip.offsetHeight > box.height - 8) y = Math.max(8, pointer.y - tooltip.offsetHeight - 14);
    tooltip.style.left = Math.max(8, x) + "px";
    tooltip.style.top = y + "px";
  }
  function hideTooltip() {
    tooltip.hidden = true;
  }
  network.on("hoverNode", function (p) {
    showTooltip(info.nodes[p.node], p.pointer.DOM);
  });
  network.on("hoverEdge", function (p) {
    showTooltip(info.edges[p.edge], p.pointer.DOM);
  });
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);

  // -- focus on a neighbourhood ------------------------------------------------------
  var focusStatus = document.getElementById("focus-status");
  var focused = null;
  function focus(id) {
    var keep = new Set(network.getConnectedNodes(id));
    keep.add(id);
    var touching = new Set(network.getConnectedEdges(id));
    nodes.update(data.nodes.map(function (n) {
      return { id: n.id, opacity: keep.has(n.id) ? 1 : 0.12, font: { size: n.font.size, color: keep.has(n.id) ? n.font.color : "rgba(0,0,0,0.15)" } };
    }));
    edges.update(data.edges.map(function (e) {
      return { id: e.id, hidden: !touching.has(e.id) };
    }));
    focused = id;
    network.selectNodes([id]);
    network.fit({ nodes: Array.from(keep), animation: { duration: 350, easingFunction: "easeInOutQuad" } });
    focusStatus.textContent = "聚焦：" + info.nodes[id].t + "（相邻 " + (keep.size - 1) + " 个）";
  }
  function reset() {
    if (focused === null) return;
    focused = null;
    nodes.update(data.nodes.map(function (n) {
      return { id: n.id, opacity: 1, font: { size: n.font.size, color: n.font.color } };
    }));
    edges.update(data.edges.map(function (e) {
      return { id: e.id, hidden: false };
    }));
    network.unselectAll();
    network.fit({ animation: { duration: 350, easingFunction: "easeInOutQuad" } });
    focusStatus.textContent = "";
  }
  network.on("click", function (p) {
    hideTooltip();
    if (p.nodes.length) focus(p.nodes[0]);
    else if (!p.edges.length) reset();
  });

  // -- search ------------------------------------------------------------------------
  var input = document.getElementById("search");
  var results = document.getElementById("results");
  function matches(text) {
    var q = text.trim().toLowerCase();
    if (!q) return [];
    var exact = [];
    var partial = [];
    for (var i = 0; i < info.nodes.length; i += 1) {
      var terms = info.nodes[i].s;
      var hit = 0;
      for (var j = 0; j < terms.length; j += 1) {
        var term = terms[j].toLowerCase();
        if (term === q) { hit = 2; break; }
        if (term.indexOf(q) >= 0) hit = 1;
      }
      if (hit === 2) exact.push(i);
      else if (hit === 1) partial.push(i);
      if (exact.length + partial.length >= 200) break;
    }
    return exact.concat(partial).slice(0, 20);
  }
  function showResults(ids) {
    results.replaceChildren();
    ids.forEach(function (id, k) {
      var li = document.createElement("li");
      li.dataset.id = String(id);
      if (k === 0) li.className = "active";
      li.textContent = info.nodes[id].t;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = info.nodes[id].r.length ? info.nodes[id].r[0][1] : "";
      li.appendChild(kind);
      li.addEventListener("click", function () {
        results.hidden = true;
        focus(id);
      });
      results.appendChild(li);
    });
    if (!ids.length && input.value.trim()) {
      var none = document.createElement("li");
      none.textContent = "没有找到";
      results.appendChild(none);
    }
    results.hidden = !input.value.trim();
  }
  input.addEventListener("input", function () {
    showResults(matches(input.value));
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter") {
      var found = matches(input.value);
      if (found.length) {
        results.hidden = true;
        focus(found[0]);
      }
    } else if (e.key === "Escape") {
      results.hidden = true;
    }
  });
  document.getElementById("reset").addEventListener("click", function () {
    input.value = "";
    results.hidden = true;
    reset();
  });

  window.govkg = {
    network: network,
    status: status,
    focus: focus,
    reset: reset,
    search: function (text) { var ids = matches(text); input.value = text; showResults(ids); return ids; },
    showTooltipFor: function (id) {
      var dom = network.canvasToDOM(network.getPositions([id])[id]);
      showTooltip(info.nodes[id], dom);
      return tooltip;
    }
  };
})();
