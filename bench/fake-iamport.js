// A stand-in for PortOne's V1 SDK (https://cdn.iamport.kr/v1/iamport.js) for `npm run bench`, served with 100 ms of
// latency by bench/server.mjs. It only records: when request_pay was called (performance.now(), same clock as the
// probe's click time) and whether that was still inside the click (see pages/probe.js). It then answers "cancelled" a
// task later, as the real window answers asynchronously, so the element goes back to idle.
(function () {
  var bench = (window.__bench = window.__bench || { clicks: [], calls: [] });
  bench.sdkRuns = (bench.sdkRuns || 0) + 1;
  window.IMP = {
    init: function () {},
    request_pay: function (params, callback) {
      bench.calls.push({
        at: performance.now(),
        inClickDispatch: bench.inClickDispatch === true,
        inClickTask: bench.clickTaskOpen === true,
        userActivation: navigator.userActivation ? navigator.userActivation.isActive : null,
      });
      setTimeout(function () {
        if (callback) {
          callback({ success: false, imp_success: false, imp_uid: null, merchant_uid: params.merchant_uid, error_code: 'F1001', error_msg: 'bench' });
        }
      }, 0);
    },
  };
})();
