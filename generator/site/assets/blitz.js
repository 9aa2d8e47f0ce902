/* Blitz: the "Copy email text" button of approved customer drafts. Self-hosted; makes no requests. */
(function () {
  "use strict";

  function copyBySelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.body.removeChild(area);
    return copied;
  }

  function report(button, copied) {
    var status = button.parentNode.querySelector(".blitz-copy__status");
    if (status) {
      status.textContent = copied
        ? "Copied. Paste it into a new email to the addresses above."
        : "Could not copy. Select the text above and copy it by hand.";
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    var button = target instanceof Element ? target.closest("[data-blitz-copy]") : null;
    if (!button) {
      return;
    }
    var source = document.getElementById(button.getAttribute("data-blitz-copy"));
    if (!source) {
      return;
    }
    var text = source.textContent;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { report(button, true); },
        function () { report(button, copyBySelection(text)); }
      );
    } else {
      report(button, copyBySelection(text));
    }
  });
})();
