// Staff console, channel simulator (demo only): posts each message to the real webhook with
// the signature the server made for it, then shows the outbox's answers to this sender.
(function () {
  "use strict";
  var form = document.getElementById("simulator");
  if (!form) {
    return;
  }
  var chat = document.getElementById("sim-chat");
  var text = document.getElementById("sim-text");
  var channel = document.getElementById("sim-channel");
  var sender = document.getElementById("sim-sender");
  var last = 0;
  var polling = null;

  function bubble(who, body, kind) {
    var item = document.createElement("li");
    item.className = "simulator-" + kind;
    var label = document.createElement("strong");
    label.textContent = who + ": ";
    var content = document.createElement("span");
    content.textContent = body;
    item.appendChild(label);
    item.appendChild(content);
    chat.appendChild(item);
    item.scrollIntoView({block: "end"});
  }

  function poll(rounds) {
    var url = form.getAttribute("data-answers") + "?channel=" + encodeURIComponent(channel.value) +
      "&sender=" + encodeURIComponent(sender.value) + "&after=" + last;
    fetch(url, {credentials: "same-origin"}).then(function (response) {
      return response.json();
    }).then(function (data) {
      (data.answers || []).forEach(function (answer) {
        last = Math.max(last, answer.id);
        bubble(form.getAttribute("data-answer-label"), answer.text, "answer");
      });
      if (rounds > 0) {
        polling = window.setTimeout(function () { poll(rounds - 1); }, 1000);
      }
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var message = text.value;
    if (!message.trim()) {
      return;
    }
    fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (signed) {
        var headers = {"Content-Type": "application/json"};
        headers[signed.header] = signed.signature;
        return fetch(signed.url, {method: "POST", headers: headers, body: signed.body});
      })
      .then(function () {
        bubble(form.getAttribute("data-sent-label"), message, "sent");
        text.value = "";
        window.clearTimeout(polling);
        poll(20);
      });
  });
  poll(0);
})();
