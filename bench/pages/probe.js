// Loaded first by the latency pages. Notes each trusted click as the capture phase on window sees it, before any
// page or element listener, and keeps two flags the fake SDK reads at request_pay:
//   inClickDispatch  the click event is still being dispatched (set in capture, cleared by the last bubble listener)
//   clickTaskOpen    no other task has run since the click: cleared by a message posted during the click, which
//                    runs as a later task (after the click's microtasks too)
(function () {
  var bench = (window.__bench = window.__bench || { clicks: [], calls: [] });
  addEventListener(
    'click',
    function (event) {
      if (!event.isTrusted) return;
      bench.clicks.push({ at: performance.now(), timeStamp: event.timeStamp });
      bench.inClickDispatch = true;
      bench.clickTaskOpen = true;
      var channel = new MessageChannel();
      channel.port1.onmessage = function () {
        bench.clickTaskOpen = false;
      };
      channel.port2.postMessage(null);
    },
    true,
  );
  // Registered after the page's own window listeners would be, at load; the element listens on itself, earlier.
  addEventListener('load', function () {
    addEventListener('click', function () {
      bench.inClickDispatch = false;
    });
  });
  bench.isolated = self.crossOriginIsolated === true;
})();
