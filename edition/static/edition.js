/* The reader's edition in the browser: editors' notes beside their passages or behind toggles, note layers
   the reader turns on and off, and a citation for every numbered paragraph.

   Plain JavaScript, no build step. It works only from the markup the extension writes
   (aside.edition-note with the id of its annotation, its passage span "<id>-passage", a.edition-app-marker,
   .edition-unit with a.edition-pnum, and the buttons of edition/controls.py: a toggle after each passage,
   "more" in each note's head), so new notes and new pages need nothing here. Without it, the theme's own layout remains, every note is shown, the buttons are hidden. */
(function () {
  "use strict";

  var root = document.documentElement;
  var STORE = "edition-layers";
  var LAYERS = [
    { key: "notes", label: "Editors' notes", selector: "aside.edition-note:not(.edition-theme)" },
    { key: "apparatus", label: "Apparatus markers", selector: "a.edition-app-marker" },
    { key: "themes", label: "Theme links", selector: "aside.edition-theme, .edition-theme-line" },
  ];
  var MIN_MARGIN = 180; // px free beside the text, below which notes collapse to toggles
  var MAX_NOTE_WIDTH = 320; // px
  var TEXT_GAP = 24; // px between the text and the notes
  var EDGE = 16; // px kept free at the window's right edge
  var GAP = 12; // px between two notes
  var SLACK = 120; // px a note in full may push later notes below their passages before it is shown compact

  var article = null;
  var notes = [];
  var mode = null; // "margin" | "narrow"
  var chosen = new Map(); // note -> "open" | "compact", the reader's choice in the margin
  var scheduled = false;

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  function make(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function shown(el) {
    return el.getClientRects().length > 0;
  }

  function passages(id) {
    return document.querySelectorAll('[data-notes~="' + CSS.escape(id) + '"]');
  }

  /* ------------------------------------------------------------------ note layers */

  function storedLayers() {
    try {
      return JSON.parse(localStorage.getItem(STORE) || "{}") || {};
    } catch (e) {
      return {};
    }
  }

  function setLayer(key, visible) {
    root.classList.toggle("edition-hide-" + key, !visible);
    var state = storedLayers();
    state[key] = visible;
    try {
      localStorage.setItem(STORE, JSON.stringify(state));
    } catch (e) {
      /* the choice lasts for this page only */
    }
    layoutNow(true);
  }

  function layerControl() {
    var present = LAYERS.filter(function (layer) {
      return document.querySelector(layer.selector);
    });
    if (!present.length) return;
    var box = make("div", "edition-layers");
    var button = make("button", "btn btn-sm edition-layers-button");
    button.type = "button";
    button.id = "edition-layers-button";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", "edition-layers-panel");
    button.appendChild(make("span", "edition-layers-word", "Notes"));
    var panel = make("div", "edition-layers-panel");
    panel.id = "edition-layers-panel";
    panel.hidden = true;
    var fieldset = make("fieldset");
    fieldset.appendChild(make("legend", "", "Show in the text"));
    present.forEach(function (layer) {
      var label = make("label", "edition-layer");
      var box = make("input");
      box.type = "checkbox";
      box.name = "edition-layer-" + layer.key;
      box.checked = !root.classList.contains("edition-hide-" + layer.key);
      box.addEventListener("change", function () {
        setLayer(layer.key, box.checked);
      });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + layer.label));
      fieldset.appendChild(label);
    });
    panel.appendChild(fieldset);
    box.appendChild(button);
    box.appendChild(panel);

    function close(focus) {
      panel.hidden = true;
      button.setAttribute("aria-expanded", "false");
      if (focus) button.focus();
    }
    button.addEventListener("click", function () {
      var open = panel.hidden;
      panel.hidden = !open;
      button.setAttribute("aria-expanded", String(open));
      if (open) panel.querySelector("input").focus();
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) {
        event.stopPropagation();
        close(true);
      }
    });
    document.addEventListener("click", function (event) {
      if (!panel.hidden && !box.contains(event.target)) close(false);
    });
    var place = document.querySelector(".article-header-buttons");
    if (place) place.insertBefore(box, place.firstChild);
    else article.insertBefore(box, article.firstChild);
  }

  /* ------------------------------------------------------------------ notes: toggles and the margin */

  // The controls are written with the page (edition/controls.py); these find them.
  function toggleOf(note) {
    return document.querySelector('.edition-note-toggle[aria-controls="' + CSS.escape(note.id) + '"]');
  }

  function moreOf(note) {
    return note.querySelector(".edition-note-more");
  }

  /* The note opens in the text right after its toggle, outside the passage, link or emphasis the toggle
     stands in (their underline or style would run through the note); after a heading, not inside it. */
  function openInline(note) {
    var toggle = toggleOf(note);
    if (!toggle) return;
    if (!note.editionHome) {
      note.editionHome = document.createComment(" " + note.id + " ");
      note.parentNode.insertBefore(note.editionHome, note);
    }
    var heading = toggle.closest("h1, h2, h3, h4, h5, h6");
    var at = heading || toggle;
    while (!heading && at.parentElement && getComputedStyle(at.parentElement).display.indexOf("inline") === 0) {
      at = at.parentElement;
    }
    while (at.nextSibling && at.nextSibling.classList && at.nextSibling.classList.contains("edition-note-glue")) {
      at = at.nextSibling; // past the toggles of other notes on the same words
    }
    at.parentNode.insertBefore(note, at.nextSibling);
    note.classList.add("edition-open");
    toggle.setAttribute("aria-expanded", "true");
  }

  function closeInline(note, focusToggle) {
    var home = note.editionHome;
    if (!home) return; // never opened
    if (note.previousSibling !== home) home.parentNode.insertBefore(note, home.nextSibling);
    note.classList.remove("edition-open");
    var toggle = toggleOf(note);
    if (toggle) {
      toggle.setAttribute("aria-expanded", "false");
      if (focusToggle) toggle.focus();
    }
  }

  function textRight() {
    var box = article.getBoundingClientRect();
    return box.right - parseFloat(getComputedStyle(article).paddingRight || "0");
  }

  function decideMode() {
    var free = root.clientWidth - textRight() - TEXT_GAP - EDGE;
    return free >= MIN_MARGIN ? "margin" : "narrow";
  }

  function setMode(next) {
    if (next === mode) return;
    mode = next;
    root.classList.toggle("edition-margin", mode === "margin");
    root.classList.toggle("edition-narrow", mode === "narrow");
    notes.forEach(function (note) {
      closeInline(note, false);
      if (note.style.top) {
        note.classList.remove("edition-compact");
        note.style.top = note.style.left = note.style.width = "";
      }
    });
    article.style.minHeight = "";
  }

  function containingBlock(el) {
    for (var p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).position !== "static") return p;
    }
    return null;
  }

  function pageBox(el) {
    var r = el.getBoundingClientRect();
    return { top: r.top + window.scrollY, left: r.left + window.scrollX, bottom: r.bottom + window.scrollY };
  }

  /* Each note as high as its passage, below the note before it; a note in full that would push a later
     note more than SLACK below its own passage is shown compact (its head and a "more" button) unless the
     reader opened it. Written so that the page is laid out once per placing: the notes' heights (whole
     and compact) are measured only when their width changes, then every position is read, then every
     position is written. */
  var heights = new Map(); // note -> {key: width and layers, full, compact}
  var placedFor = null; // the text column's width and height when the notes were last placed

  function layoutMargin(force) {
    var left = textRight() + TEXT_GAP;
    var width = Math.max(MIN_MARGIN, Math.min(MAX_NOTE_WIDTH, root.clientWidth - left - EDGE));
    var blocks = new Map();
    function base(note) {
      var parent = note.parentElement;
      if (!blocks.has(parent)) {
        var block = containingBlock(note);
        var box = block ? pageBox(block) : { top: 0, left: 0 };
        if (block) {
          box.top += block.clientTop;
          box.left += block.clientLeft;
        }
        blocks.set(parent, box);
      }
      return blocks.get(parent);
    }
    // reads: where the passages are (the notes, placed absolutely, move none of them)
    var items = notes.filter(shown).map(function (note) {
      var passage = document.getElementById(note.id + "-passage") || note.nextElementSibling || note.parentElement;
      return { note: note, more: moreOf(note), want: pageBox(passage).top, base: base(note) };
    });
    var signature = width + ":" + items.map(function (item) {
      return item.note.id + "@" + Math.round(item.want);
    }).join(",");
    if (!force && signature === placedFor) return;
    var last = article.lastElementChild || article;
    var natural = pageBox(last).bottom;
    var articleTop = pageBox(article).top;
    // the notes' heights, measured only when their width or the layers shown changed
    var key = width + ":" + root.className.match(/edition-hide-\w+/g);
    var fresh = items.filter(function (item) {
      var known = heights.get(item.note);
      return !known || known.key !== key;
    });
    fresh.forEach(function (item) {
      item.note.style.width = width + "px";
      item.note.classList.remove("edition-compact");
    });
    fresh.forEach(function (item) {
      heights.set(item.note, { key: key, full: item.note.offsetHeight, compact: item.note.offsetHeight });
    });
    fresh.forEach(function (item) {
      if (item.more) item.note.classList.add("edition-compact");
    });
    fresh.forEach(function (item) {
      if (item.more) heights.get(item.note).compact = item.note.offsetHeight;
    });
    items.forEach(function (item) {
      var known = heights.get(item.note);
      item.full = known.full;
      item.compactHeight = item.more ? known.compact : known.full;
    });
    items.sort(function (a, b) {
      return a.want - b.want;
    });
    function least(item) {
      return item.more && chosen.get(item.note) !== "open" ? item.compactHeight : item.full;
    }
    // Would a note ending at `end` push any later note more than SLACK below its passage?
    function fits(i, end) {
      for (var j = i + 1; j < items.length; j++) {
        var top = Math.max(items[j].want, end + GAP);
        if (top - items[j].want > SLACK) return false;
        if (top === items[j].want) return true;
        end = top + least(items[j]);
      }
      return true;
    }
    var bottom = -Infinity;
    items.forEach(function (item, i) {
      item.top = Math.max(item.want, bottom + GAP);
      var choice = chosen.get(item.note);
      var open = !item.more || choice === "open" || (!choice && fits(i, item.top + item.full));
      item.compact = !open;
      bottom = item.top + (open ? item.full : item.compactHeight);
    });
    // writes only
    items.forEach(function (item) {
      var note = item.note;
      note.style.width = width + "px";
      note.classList.toggle("edition-compact", item.compact);
      note.style.top = Math.round(item.top - item.base.top) + "px";
      note.style.left = Math.round(left + window.scrollX - item.base.left) + "px";
      if (item.more) {
        item.more.setAttribute("aria-expanded", String(!item.compact));
        item.more.firstChild.textContent = item.compact ? "more" : "less";
      }
    });
    var need = bottom > natural ? Math.ceil(bottom - articleTop + GAP) + "px" : "";
    if (article.style.minHeight !== need) article.style.minHeight = need;
    placedFor = signature;
  }

  /* Where notes go is measured again only when the window's width changes; in the margin, notes are
     placed again when the text column changed size, or at once when the reader changed something. On a
     phone this keeps the page's load free of layout work beyond the browser's own. */
  var measuredWidth = null;
  function layoutNow(force) {
    if (!article || !notes.length) return;
    if (window.innerWidth !== measuredWidth) {
      setMode(decideMode());
      measuredWidth = window.innerWidth;
      force = true;
    }
    if (mode === "margin") layoutMargin(force);
    root.classList.add("edition-placed");
  }

  function layout() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(function () {
      scheduled = false;
      layoutNow(false);
    });
  }

  function layoutIfMargin() {
    if (mode === "margin") layout();
  }

  /* ------------------------------------------------------------------ arriving at a note, passage or paragraph */

  function arrive() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    layoutNow(false);
    var hidden = target.closest("aside.edition-note, a.edition-app-marker");
    if (hidden && !shown(hidden)) hidden.classList.add("edition-revealed");
    var note = target.closest("aside.edition-note");
    if (note && mode === "narrow" && !note.classList.contains("edition-open")) openInline(note);
    if (note && mode === "margin" && moreOf(note)) {
      chosen.set(note, "open");
      layoutNow(true);
    }
    target.scrollIntoView({ block: "start" });
  }

  /* ------------------------------------------------------------------ a note and its passage belong together */

  var linked = [];
  var linkedFrom = null;
  function link(el) {
    if (el === linkedFrom) return;
    linkedFrom = el;
    linked.forEach(function (x) {
      x.classList.remove("edition-linked");
    });
    linked = [];
    if (!el) return;
    var note = el.closest("aside.edition-note");
    var ids = note ? [note.id] : (el.closest("[data-notes]").getAttribute("data-notes") || "").split(/\s+/);
    ids.forEach(function (id) {
      var n = document.getElementById(id);
      if (n) linked.push(n);
      Array.prototype.push.apply(linked, passages(id));
    });
    linked.forEach(function (x) {
      x.classList.add("edition-linked");
    });
  }

  function linking(event) {
    var el = event.target.closest && event.target.closest("aside.edition-note, [data-notes]");
    link(el);
  }

  /* ------------------------------------------------------------------ citing a paragraph */

  var citePanel = null;

  function bookTitle() {
    var brand = document.querySelector(".navbar-brand .logo__title");
    if (brand) return brand.textContent.trim();
    var parts = document.title.split(" \u2014 ");
    return parts[parts.length - 1].trim();
  }

  function chapterTitle() {
    var h1 = article.querySelector("h1");
    if (!h1) return document.title.split(" \u2014 ")[0];
    var copy = h1.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach(function (a) {
      a.remove();
    });
    return copy.textContent.trim();
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = make("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      area.remove();
      if (ok) resolve();
      else reject(new Error("copy refused"));
    });
  }

  function closeCite(focus) {
    if (!citePanel || citePanel.hidden) return;
    citePanel.hidden = true;
    var owner = citePanel.editionOwner;
    if (owner) {
      owner.setAttribute("aria-expanded", "false");
      if (focus) owner.focus();
    }
  }

  function openCite(button, unit, label) {
    if (!citePanel) {
      citePanel = make("div", "edition-cite-panel");
      citePanel.id = "edition-cite-panel";
      citePanel.setAttribute("role", "dialog");
      citePanel.addEventListener("keydown", function (event) {
        if (event.key === "Escape") {
          event.stopPropagation();
          closeCite(true);
        }
      });
    }
    closeCite(false);
    var url = new URL("#" + unit.id, location.href).href;
    var citation = chapterTitle() + ", \u00b6" + label.split("\u00b6")[1] + ". In: " + bookTitle() + ". " + url;
    citePanel.setAttribute("aria-label", "Cite " + label);
    citePanel.textContent = "";
    citePanel.appendChild(make("p", "edition-cite-text", citation));
    var status = make("p", "edition-cite-status");
    status.setAttribute("role", "status");
    [
      ["Copy link", url, "Link to " + label + " copied."],
      ["Copy citation", citation, "Citation of " + label + " copied."],
    ].forEach(function (action) {
      var b = make("button", "edition-cite-copy", action[0]);
      b.type = "button";
      b.addEventListener("click", function () {
        copyText(action[1]).then(
          function () {
            status.textContent = action[2];
          },
          function () {
            status.textContent = "Copying is blocked here: select the text above and copy it.";
          }
        );
      });
      citePanel.appendChild(b);
    });
    citePanel.appendChild(status);
    citePanel.editionOwner = button;
    button.parentNode.insertBefore(citePanel, button.nextSibling);
    citePanel.hidden = false;
    button.setAttribute("aria-controls", citePanel.id);
    button.setAttribute("aria-expanded", "true");
    citePanel.querySelector("button").focus();
  }

  /* The paragraph number is the paragraph's citation control: following it (by click, tap or Enter)
     makes the paragraph the page's address, as before, and opens the panel that copies its link or a
     citation. */
  function citeFrom(pnum) {
    var unit = pnum.closest(".edition-unit");
    if (!unit) return;
    var label = pnum.getAttribute("aria-label") || unit.id;
    if (citePanel && citePanel.editionOwner === pnum && !citePanel.hidden) return;
    setTimeout(function () {
      openCite(pnum, unit, label);
    }, 0);
  }

  /* ------------------------------------------------------------------ start */

  ready(function () {
    article = document.querySelector("article.bd-article") || document.querySelector("main") || document.body;
    notes = Array.prototype.slice.call(document.querySelectorAll("aside.edition-note[id]"));
    layerControl();
    document.querySelectorAll("a.edition-pnum").forEach(function (pnum) {
      pnum.setAttribute("aria-haspopup", "dialog");
      pnum.setAttribute("aria-expanded", "false");
    });
    if (!notes.length) root.classList.remove("edition-margin", "edition-narrow");
    // the head script's guess stands until the next frame, when the browser lays the page out anyway
    setMode(root.classList.contains("edition-margin") ? "margin" : "narrow");
    layout();
    if (location.hash) arrive();
    root.classList.add("edition-ready");

    // a choice made in another tab of the edition applies here too
    window.addEventListener("storage", function (event) {
      if (event.key !== STORE) return;
      var state = storedLayers();
      LAYERS.forEach(function (layer) {
        root.classList.toggle("edition-hide-" + layer.key, state[layer.key] === false);
        var box = document.querySelector('input[name="edition-layer-' + layer.key + '"]');
        if (box) box.checked = state[layer.key] !== false;
      });
      layoutNow(true);
    });
    window.addEventListener("resize", layout);
    window.addEventListener("load", layoutIfMargin);
    window.addEventListener("hashchange", arrive);
    if (document.fonts && document.fonts.ready) {
      document.fonts.ready.then(function () {
        heights.clear(); // a font that arrived late may have changed the notes' heights
        if (mode === "margin") requestAnimationFrame(function () {
          layoutNow(true);
        });
      });
    }
    if (window.ResizeObserver && notes.length) new ResizeObserver(layoutIfMargin).observe(article);
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("button.edition-note-toggle, button.edition-note-more, a.edition-pnum");
      if (citePanel && !citePanel.hidden && !citePanel.contains(event.target) && button !== citePanel.editionOwner) {
        closeCite(false);
      }
      if (!button) return;
      if (button.classList.contains("edition-pnum")) {
        citeFrom(button);
        return;
      }
      var note = document.getElementById(button.getAttribute("aria-controls"));
      if (!note) return;
      if (button.classList.contains("edition-note-toggle")) {
        if (note.classList.contains("edition-open")) closeInline(note, false);
        else openInline(note);
      } else {
        chosen.set(note, note.classList.contains("edition-compact") ? "open" : "compact");
        layoutNow(true);
        button.focus();
      }
    });
    document.addEventListener("mouseover", linking);
    document.addEventListener("focusin", linking);
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      var note = event.target.closest && event.target.closest("aside.edition-note");
      if (!note) return;
      if (mode === "narrow" && note.classList.contains("edition-open")) closeInline(note, true);
      else if (mode === "margin" && moreOf(note) && !note.classList.contains("edition-compact")) {
        chosen.set(note, "compact");
        layoutNow(true);
        moreOf(note).focus();
      }
    });
  });
})();
