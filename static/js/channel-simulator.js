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

  var latitude = document.getElementById("sim-latitude");
  var longitude = document.getElementById("sim-longitude");
  var share = document.getElementById("sim-share");

  function bubble(who, body, kind, options) {
    var item = document.createElement("li");
    item.className = "simulator-" + kind;
    var label = document.createElement("strong");
    label.textContent = who + ": ";
    var content = document.createElement("span");
    content.textContent = body;
    item.appendChild(label);
    item.appendChild(content);
    // WhatsApp shows a question's options as buttons; pressing one is an interactive reply.
    if (options && options.length && channel.value === "whatsapp") {
      var buttons = document.createElement("span");
      buttons.className = "simulator-options";
      options.forEach(function (option) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = option[1];
        button.addEventListener("click", function () {
          send({kind: "reply", option: option[0], title: option[1]}, option[1]);
        });
        buttons.appendChild(button);
      });
      item.appendChild(buttons);
    }
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
        bubble(form.getAttribute("data-answer-label"), answer.text, "answer", answer.options);
      });
      if (rounds > 0) {
        polling = window.setTimeout(function () { poll(rounds - 1); }, 1000);
      }
    });
  }

  // Asks the server for the provider's signed body of one message, then posts it to the
  // real webhook, as the provider would.
  function send(fields, shown) {
    var data = new FormData(form);
    Object.keys(fields).forEach(function (key) { data.set(key, fields[key]); });
    fetch(form.action, {method: "POST", body: data, credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (signed) {
        if (!signed.url) {
          throw new Error(signed.error || "refused");
        }
        var headers = {"Content-Type": "application/json"};
        headers[signed.header] = signed.signature;
        return fetch(signed.url, {method: "POST", headers: headers, body: signed.body});
      })
      .then(function () {
        bubble(form.getAttribute("data-sent-label"), shown, "sent");
        if (fields.kind === "text") {
          text.value = "";
        }
        window.clearTimeout(polling);
        poll(20);
      })
      .catch(function (error) {
        bubble(form.getAttribute("data-sent-label"), error.message, "error");
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var message = text.value;
    if (!message.trim()) {
      return;
    }
    send({kind: "text"}, message);
  });

  function sync() {
    share.disabled = channel.value !== "whatsapp";
  }
  channel.addEventListener("change", sync);
  sync();
  share.addEventListener("click", function () {
    send({kind: "location"}, "\ud83d\udccd " + latitude.value + ", " + longitude.value);
  });
  poll(0);
})();
