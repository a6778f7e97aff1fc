/*
 * Pickers: a <select data-picker> of ISO codes becomes a type-ahead combobox.
 *
 * The select stays in the form (hidden) and is what the form sends; the
 * server validates every code. Each option carries data-search: its names in
 * Finnish, Swedish and English and its code, folded as core/text.py folds
 * them, so "joruba", "yoruba" and "yor" all find Yoruba. Without this script
 * the select works as it is. The ARIA 1.2 combobox pattern with a listbox:
 * arrows move, Enter or a click chooses, Escape closes.
 */
(function () {
  "use strict";

  var MAX_SHOWN = 50;
  var SPELLED = { "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ð": "d", "ł": "l", "ı": "i", "þ": "th", "ħ": "h" };
  var counter = 0;

  function fold(text) {
    var lower = text.toLowerCase().replace(/[øæœßđðłıþħ]/g, function (c) { return SPELLED[c]; });
    return lower.normalize("NFKD").replace(/\p{M}/gu, "").replace(/\s+/g, " ").trim();
  }

  function optionsOf(select) {
    return Array.prototype.filter.call(select.options, function (option) {
      return option.value !== "";
    }).map(function (option) {
      var name = option.textContent.trim();
      return {
        option: option,
        name: name,
        folded: fold(name),
        search: fold(name) + " " + (option.dataset.search || "")
      };
    });
  }

  function rank(item, query) {
    if (item.folded.indexOf(query) === 0) { return 0; }
    if ((" " + item.search).indexOf(" " + query) !== -1) { return 1; }
    return 2;
  }

  function matches(items, query) {
    if (!query) { return items.slice(0, MAX_SHOWN); }
    return items.filter(function (item) {
      return item.search.indexOf(query) !== -1;
    }).sort(function (a, b) {
      return rank(a, query) - rank(b, query);
    }).slice(0, MAX_SHOWN);
  }

  function enhance(select) {
    var multiple = select.multiple;
    var items = optionsOf(select);
    var id = select.id || ("picker-" + (++counter));
    var wrapper = document.createElement("div");
    wrapper.className = "picker" + (select.classList.contains("is-invalid") ? " is-invalid" : "");
    var chosen = document.createElement("ul");
    chosen.className = "picker-chosen list-unstyled d-flex flex-wrap gap-2 mb-2";
    var input = document.createElement("input");
    input.type = "text";
    input.id = id + "-search";
    input.className = "form-control" + (select.classList.contains("is-invalid") ? " is-invalid" : "");
    input.autocomplete = "off";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    var listbox = document.createElement("ul");
    listbox.id = id + "-listbox";
    listbox.className = "picker-listbox";
    listbox.setAttribute("role", "listbox");
    listbox.hidden = true;
    input.setAttribute("aria-controls", listbox.id);
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    var described = select.getAttribute("aria-describedby");
    if (described) { input.setAttribute("aria-describedby", described); }
    if (select.required) { input.required = true; }
    var label = document.querySelector('label[for="' + select.id + '"]');
    if (label) {
      label.htmlFor = input.id;
      if (!label.id) { label.id = id + "-label"; }
      listbox.setAttribute("aria-labelledby", label.id);
    }

    var shown = [];
    var active = -1;

    function selectedItems() {
      return items.filter(function (item) { return item.option.selected; });
    }

    function showChosen() {
      if (!multiple) {
        var current = selectedItems()[0];
        input.value = current ? current.name : "";
        return;
      }
      chosen.textContent = "";
      selectedItems().forEach(function (item) {
        var li = document.createElement("li");
        li.className = "badge text-bg-light border d-inline-flex align-items-center gap-1 fs-6 fw-normal";
        li.appendChild(document.createTextNode(item.name));
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "btn-close btn-close-sm";
        remove.setAttribute("aria-label", (select.dataset.removeLabel || "Remove") + ": " + item.name);
        remove.addEventListener("click", function () {
          item.option.selected = false;
          select.dispatchEvent(new Event("change", { bubbles: true }));
          showChosen();
          input.focus();
        });
        li.appendChild(remove);
        chosen.appendChild(li);
      });
      chosen.hidden = chosen.children.length === 0;
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var children = listbox.children;
      if (active >= 0 && children[active]) { children[active].classList.remove("active"); }
      active = index;
      if (active >= 0 && children[active]) {
        children[active].classList.add("active");
        input.setAttribute("aria-activedescendant", children[active].id);
        children[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      var query = fold(input.value);
      if (!multiple) {
        var current = selectedItems()[0];
        if (current && current.name === input.value) { query = ""; }
      }
      shown = matches(items, query);
      listbox.textContent = "";
      shown.forEach(function (item, index) {
        var li = document.createElement("li");
        li.id = id + "-option-" + index;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", item.option.selected ? "true" : "false");
        li.textContent = item.name;
        li.addEventListener("mousedown", function (event) { event.preventDefault(); });
        li.addEventListener("click", function () { choose(item); });
        listbox.appendChild(li);
      });
      listbox.hidden = shown.length === 0;
      input.setAttribute("aria-expanded", shown.length ? "true" : "false");
      status.textContent = String(shown.length);
      active = -1;
      if (query && shown.length) { highlight(0); }
    }

    function choose(item) {
      if (multiple) {
        item.option.selected = true;
        input.value = "";
      } else {
        select.value = item.option.value;
      }
      select.dispatchEvent(new Event("change", { bubbles: true }));
      showChosen();
      close();
    }

    function settle() {
      // Leaving the field: a typed name that is exactly an option's is chosen;
      // an emptied single picker is cleared; anything else goes back as it was.
      var query = fold(input.value);
      if (!query) {
        if (!multiple) { select.value = ""; }
        showChosen();
        return;
      }
      var exact = items.filter(function (item) { return item.folded === query; });
      if (exact.length === 1) { choose(exact[0]); return; }
      if (!multiple) { showChosen(); }
    }

    input.addEventListener("input", open);
    input.addEventListener("focus", function () { if (!multiple) { input.select(); } });
    input.addEventListener("blur", function () { close(); settle(); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (listbox.hidden) { open(); }
        highlight(Math.min(active + 1, shown.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter") {
        if (!listbox.hidden && active >= 0) {
          event.preventDefault();
          choose(shown[active]);
        }
      } else if (event.key === "Escape") {
        if (!listbox.hidden) {
          event.preventDefault();
          close();
        }
      } else if (event.key === "Backspace" && multiple && !input.value) {
        var last = selectedItems().pop();
        if (last) { last.option.selected = false; showChosen(); }
      }
    });

    select.hidden = true;
    select.tabIndex = -1;
    select.setAttribute("aria-hidden", "true");
    select.parentNode.insertBefore(wrapper, select);
    if (multiple) { wrapper.appendChild(chosen); }
    wrapper.appendChild(input);
    wrapper.appendChild(listbox);
    wrapper.appendChild(status);
    wrapper.appendChild(select);
    showChosen();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-picker]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
