// The dashboard's one script, served same-origin from /api/dashboard/dashboard.js (the pages' policy allows no other).
// Every page reads fully without it; it adds answering an approval in place and following a run while it runs.
'use strict';

// Approve or reject a waiting run from its page.
document.querySelectorAll('form[data-answer]').forEach(function (form) {
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var verb = event.submitter && event.submitter.value === 'reject' ? 'reject' : 'approve';
    var status = form.querySelector('[role=status]');
    var body = JSON.stringify({ by: form.elements.by.value, comment: form.elements.comment.value });
    status.textContent = 'sending…';
    fetch(form.dataset.answer + '/' + verb, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body, credentials: 'same-origin' })
      .then(function (response) {
        return response.text().then(function (text) {
          var answer; try { answer = JSON.parse(text); } catch (e) { answer = { error: text }; }
          if (response.ok) {
            status.textContent = answer.decision + ' by ' + answer.by + '; the run continues.';
            setTimeout(function () { location.reload(); }, 1500);
          } else {
            status.textContent = 'Refused (HTTP ' + response.status + '): ' + (answer.error || '');
          }
        });
      }, function (error) { status.textContent = 'Could not reach the host: ' + error; });
  });
});

// A run in progress: poll its status (GET /api/runs/{id}) and update stage and detail in place. When the run ends,
// or leaves the stage the page was rendered in while waiting for approval, load the page again: the server renders
// the report (or the approval form), so the script never has to.
document.querySelectorAll('[data-run]').forEach(function (section) {
  var rendered = section.dataset.stage;
  var waiting = rendered === 'awaiting-approval';
  var field = function (name) { return section.querySelector('[data-field=' + name + ']'); };
  var note = field('note');
  if (note) { note.textContent = 'This page follows the run as it goes.'; }
  var poll = function () {
    fetch(section.dataset.run, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        return response.json();
      })
      .then(function (run) {
        var stage = run.stage || 'starting';
        var ended = run.record || ['Completed', 'Failed', 'Terminated'].indexOf(run.runtimeStatus) >= 0;
        if (ended || (waiting && stage !== rendered) || (!waiting && stage === 'awaiting-approval')) {
          location.reload();
          return;
        }
        field('status').textContent = run.runtimeStatus;
        field('stage').textContent = stage;
        field('detail').textContent = run.detail || '';
        setTimeout(poll, 3000);
      })
      .catch(function (error) {
        if (note) { note.textContent = 'Could not read the run (' + error.message + '); retrying.'; }
        setTimeout(poll, 10000);
      });
  };
  setTimeout(poll, 3000);
});
