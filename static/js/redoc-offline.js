"use strict";
// Redoc's side menu always shows the Redocly logo from cdn.redoc.ly, and no option turns it off.
// This page asks no other host for anything (closed hospital networks; CSP img-src 'self'), so
// an image address of another origin is emptied before the browser would fetch it: Redoc then
// drops the broken logo itself (its onError) and keeps the "API docs by Redocly" text.
(() => {
  const allowed = (value) => {
    const url = new URL(String(value), document.baseURI);
    return !/^https?:$/.test(url.protocol) || url.origin === window.location.origin;
  };
  const src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    ...src,
    set(value) {
      src.set.call(this, allowed(value) ? value : "");
    },
  });
  const setAttribute = Element.prototype.setAttribute;
  HTMLImageElement.prototype.setAttribute = function (name, value) {
    const blocked = String(name).toLowerCase() === "src" && !allowed(value);
    return setAttribute.call(this, name, blocked ? "" : value);
  };
})();
