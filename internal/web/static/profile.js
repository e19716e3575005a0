// Search-as-you-type for the profile form: asks /catalogue.json for
// products the instance knows and offers them in the input's datalist; the
// Add button (or Enter) appends the chosen product's SPEC to the list.
(function () {
  "use strict";
  var input = document.getElementById("product-search");
  var list = document.getElementById("catalogue");
  var products = document.getElementById("products");
  var add = document.getElementById("product-add");
  if (!input || !list || !products || !add) {
    return;
  }
  var timer = null;
  var last = "";
  function search() {
    var q = input.value.trim();
    if (q.length < 2 || q === last) {
      return;
    }
    last = q;
    fetch("/catalogue.json?q=" + encodeURIComponent(q), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (items) {
        list.textContent = "";
        items.forEach(function (it) {
          var o = document.createElement("option");
          o.value = it.spec;
          o.textContent = it.vendor + " — " + it.product;
          list.appendChild(o);
        });
      })
      .catch(function () {});
  }
  function append() {
    var v = input.value.trim();
    if (!v) {
      return;
    }
    var lines = products.value.split("\n").map(function (l) { return l.trim(); }).filter(Boolean);
    if (lines.indexOf(v) < 0) {
      lines.push(v);
    }
    products.value = lines.join("\n");
    input.value = "";
    input.focus();
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter") {
      e.preventDefault();
      append();
    }
  });
  add.addEventListener("click", append);
})();
