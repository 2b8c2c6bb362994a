// Service desk enhancements; every form works without this file.
// 1. "Scan code": the camera and the browser's own QR detector (BarcodeDetector), no library.
// 2. Redeem total: the sum of quantity × cost as a convenience; the server decides.
(() => {
  "use strict";

  const setupScanner = (box) => {
    if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
    const form = box.closest("form");
    const field = form && form.querySelector("[data-desk-code]");
    const start = box.querySelector("[data-desk-scan-start]");
    const stop = box.querySelector("[data-desk-scan-stop]");
    const camera = box.querySelector("[data-desk-scan-camera]");
    const video = box.querySelector("[data-desk-scan-video]");
    const status = box.querySelector("[data-desk-scan-status]");
    const texts = box.querySelector("[data-desk-scan-messages]");
    if (!field || !start || !video) return;

    const say = (key) => {
      const text = texts && texts.content.querySelector(`[data-key="${key}"]`);
      if (status) status.textContent = text ? text.textContent : "";
    };
    let stream = null;
    let timer = null;
    let detector = null;

    const stopCamera = () => {
      if (timer) window.clearTimeout(timer);
      timer = null;
      if (stream) stream.getTracks().forEach((track) => track.stop());
      stream = null;
      video.srcObject = null;
      camera.hidden = true;
      start.hidden = false;
    };

    const scan = async () => {
      if (!stream) return;
      try {
        if (video.readyState >= 2) {
          const codes = await detector.detect(video);
          const found = codes.find((code) => code.rawValue);
          if (found) {
            say("found");
            stopCamera();
            field.value = found.rawValue;
            if (form.requestSubmit) form.requestSubmit();
            else form.submit();
            return;
          }
        }
      } catch (error) {
        // A frame that cannot be read yet; try the next one.
      }
      timer = window.setTimeout(scan, 200);
    };

    start.addEventListener("click", async () => {
      say("starting");
      try {
        detector = detector || new window.BarcodeDetector({ formats: ["qr_code"] });
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      } catch (error) {
        stopCamera();
        say("denied");
        return;
      }
      video.srcObject = stream;
      camera.hidden = false;
      start.hidden = true;
      try {
        await video.play();
      } catch (error) {
        // Autoplay refused: the stream still feeds frames to the detector.
      }
      say("looking");
      scan();
    });
    if (stop) stop.addEventListener("click", () => { stopCamera(); say(""); });
    window.addEventListener("pagehide", stopCamera);

    // Show the button only where the detector knows QR codes (some browsers expose it without formats).
    const reveal = () => { box.hidden = false; };
    if (typeof window.BarcodeDetector.getSupportedFormats === "function") {
      window.BarcodeDetector.getSupportedFormats()
        .then((formats) => { if (formats.includes("qr_code")) reveal(); })
        .catch(() => {});
    } else {
      reveal();
    }
  };

  const setupTotal = (form) => {
    const box = form.querySelector("[data-desk-total]");
    const output = form.querySelector("[data-desk-total-value]");
    const warning = form.querySelector("[data-desk-total-warning]");
    const balanceElement = document.querySelector("[data-desk-balance]");
    const balance = balanceElement ? Number(balanceElement.dataset.deskBalance) : NaN;
    if (!box || !output) return;
    const update = () => {
      let total = 0;
      form.querySelectorAll("input[data-cost]").forEach((input) => {
        const quantity = Number.parseInt(input.value, 10);
        if (quantity > 0) total += quantity * Number(input.dataset.cost);
      });
      output.value = String(total);
      output.textContent = String(total);
      const over = !Number.isNaN(balance) && total > balance;
      box.classList.toggle("desk-total--over", over);
      if (warning) warning.hidden = !over;
    };
    form.addEventListener("input", update);
    box.hidden = false;
    update();
  };

  document.querySelectorAll("[data-desk-scan]").forEach(setupScanner);
  document.querySelectorAll("[data-desk-redeem]").forEach(setupTotal);
})();
