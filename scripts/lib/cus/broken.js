// A library with a mistake, for fail_library_error.js.
function cusTotal(values) {
  var total = 0;
  for (var i = 0; i < values.length; i++) total += values[i]
  return total +;
}
