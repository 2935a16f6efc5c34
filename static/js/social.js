// Social actions: remember the advocate's Mastodon server, so it is typed once.
// Without this script the server field works the same; it is only filled in anew.
(function () {
  "use strict";
  var KEY = "advocacy-hub:mastodon-instance";
  var form = document.querySelector("[data-social-form]");
  if (!form) {
    return;
  }
  var input = form.querySelector("[data-mastodon-instance] input");
  if (!input) {
    return;
  }
  try {
    if (!input.value) {
      input.value = window.localStorage.getItem(KEY) || "";
    }
  } catch (error) {
    // Storage may be off (private windows, strict settings): the field still works.
  }
  form.addEventListener("submit", function () {
    var value = input.value.trim();
    try {
      if (value) {
        window.localStorage.setItem(KEY, value);
      }
    } catch (error) {
      // As above: nothing is lost but the convenience.
    }
  });
})();
