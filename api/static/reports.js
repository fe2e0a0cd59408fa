// The report page inside the console: the shared header, and the print button (A4 print styles in the page).
setupHeader();
document.getElementById("print").addEventListener("click", () => window.print());
