// Trebuchet's only script of its own. When the overview updates itself (the poll of #overview-live), the reader keeps
// their place: the table's scroll offsets, the page's scroll and the focused link come back after the swap. After an
// action, focus moves to its result (#action-result: what it did, why it was refused, or the question to confirm), so
// that a keyboard or screen reader user hears it and continues from there instead of from the top of the page. A
// swapped part that marks its own place (data-focus-on-swap: a train's prognosis or result) gets focus there instead.
(function () {
  'use strict';
  var saved = null;

  function live(event) {
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    return source && source.id === 'overview-live';
  }

  document.addEventListener('htmx:beforeSwap', function (event) {
    if (!live(event) || !event.detail.shouldSwap) {
      return;
    }
    var table = document.getElementById('overview-table');
    var scroll = table && table.querySelector('.scroll');
    var active = document.activeElement;
    var focus = null;
    if (table && active && table.contains(active)) {
      var row = active.closest('tr[data-app]');
      if (row) {
        focus = { app: row.getAttribute('data-app'), index: Array.prototype.indexOf.call(row.querySelectorAll('a, button'), active) };
      }
    }
    saved = {
      top: scroll ? scroll.scrollTop : 0,
      left: scroll ? scroll.scrollLeft : 0,
      pageX: window.scrollX,
      pageY: window.scrollY,
      focus: focus
    };
  });

  function focusResult() {
    var result = document.getElementById('action-result');
    if (result && document.activeElement !== result) {
      result.focus();
    }
  }

  document.addEventListener('DOMContentLoaded', focusResult);

  document.addEventListener('htmx:afterSettle', function (event) {
    if (!live(event)) {
      var target = event.detail.target;
      var own = target && target.querySelector ? target.querySelector('[data-focus-on-swap]') : null;
      if (own) {
        own.focus();
      } else {
        focusResult();
      }
    }
    if (saved === null) {
      return;
    }
    var place = saved;
    saved = null;
    var table = document.getElementById('overview-table');
    var scroll = table && table.querySelector('.scroll');
    if (scroll) {
      scroll.scrollTop = place.top;
      scroll.scrollLeft = place.left;
    }
    if (place.focus && table) {
      var rows = table.querySelectorAll('tr[data-app]');
      for (var i = 0; i < rows.length; i++) {
        if (rows[i].getAttribute('data-app') === place.focus.app) {
          var target = rows[i].querySelectorAll('a, button')[place.focus.index];
          if (target) {
            target.focus({ preventScroll: true });
          }
        }
      }
    }
    window.scrollTo(place.pageX, place.pageY);
  });
})();
