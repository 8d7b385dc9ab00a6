package survey

import (
	"context"
	"errors"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"

	"siap/export"
)

// An export from the home menu runs off the update loop: the screen
// shows how far it has read, and esc cancels it, leaving no half-written
// folder behind.

// exportJob is an export under way.
type exportJob struct {
	cancel  context.CancelFunc
	dir     string
	read    int // interviews read so far
	total   int // interviews in the data file
	updates chan tea.Msg
	// finished is closed when the export has returned.
	finished chan struct{}
}

// exportProgress says how many interviews the export has read.
type exportProgress struct {
	job  *exportJob
	read int
}

// exportDone is the export's result.
type exportDone struct {
	job *exportJob
	res export.Result
	err error
}

// progressEvery is how often, at most, the screen hears of progress.
const progressEvery = 50 * time.Millisecond

// startExport writes the export beside the data file: for a supervisor
// who opens results in Excel, the workbook too, with labels in the
// language on screen.
func (h *home) startExport() tea.Cmd {
	e := h.e
	total := 0
	for _, n := range h.counts.byStatus {
		total += n
	}
	ctx, cancel := context.WithCancel(context.Background())
	j := &exportJob{
		cancel: cancel, total: total, updates: make(chan tea.Msg, 1), finished: make(chan struct{}),
		dir: exportDir(e),
	}
	h.export, h.flash = j, ""
	opts := export.Options{XLSX: true, Language: e.formLang, Context: ctx}
	var last time.Time
	opts.Progress = func(read int) {
		if time.Since(last) < progressEvery {
			return
		}
		last = time.Now()
		select {
		case j.updates <- exportProgress{j, read}:
		default: // the screen has not taken the last one yet
		}
	}
	run := func() tea.Msg {
		go func() {
			// A cancelled or failed export leaves nothing in j.dir:
			// export.Run writes beside it and renames when done.
			res, err := export.Run(e.data, e.form, j.dir, opts)
			close(j.finished)
			j.updates <- exportDone{j, res, err}
		}()
		return j.wait()
	}
	return tea.Batch(e.startSpinner(), run)
}

// exportDir is where an export goes: beside the data file on a laptop;
// on a server, in its export folder, named after the user too, so that
// two supervisors exporting in the same second do not meet.
func exportDir(e *env) string {
	stamp := e.now().Format("20060102-150405")
	if e.onServer() {
		return filepath.Join(e.server.ExportDir, "siap-export-"+safeFileName(e.interviewer)+"-"+stamp)
	}
	return filepath.Join(filepath.Dir(e.st.Path()), "siap-export-"+stamp)
}

// wait is the command that brings the export's next message.
func (j *exportJob) wait() tea.Msg { return <-j.updates }

func (h *home) updateExport(msg tea.Msg) (screen, tea.Cmd) {
	l := h.e.lang
	switch msg := msg.(type) {
	case exportProgress:
		if msg.job != h.export {
			return h, nil
		}
		h.export.read = msg.read
		return h, h.export.wait
	case exportDone:
		if msg.job != h.export {
			return h, nil
		}
		h.export = nil
		switch {
		case errors.Is(msg.err, context.Canceled):
			h.flash = l.T("exportCancelled")
		case msg.err != nil:
			h.flash = userError(l, msg.err)
		default:
			h.flash = l.T("exported", msg.res.Interviews, filepath.Base(msg.res.Dir))
			if h.e.onServer() {
				// The folder is on the server: its whole path says where.
				h.flash = l.T("exportedServer", msg.res.Interviews, msg.res.Dir)
			}
			if note := simulatedNote(l, export.SimulatedWhenNoOthers, msg.res.SimulatedIn, msg.res.SimulatedLeft); note != "" {
				h.flash += ". " + note
			}
		}
	}
	return h, nil
}

// leave cancels an export under way when siap quits, and waits for it
// to remove what it had written.
func (h *home) leave() {
	if h.export != nil {
		h.export.cancel()
		select {
		case <-h.export.finished:
		case <-time.After(5 * time.Second):
		}
	}
}

// exportView is the export's progress: a bar, and how to cancel.
func (h *home) exportView(w int) string {
	j, l, sty := h.export, h.e.lang, h.e.sty
	pct := 0.0
	if j.total > 0 {
		pct = min(1, float64(j.read)/float64(j.total))
	}
	bar := sty.bar(max(10, w-24))
	return h.e.spin.View() + " " + l.T("exporting", j.read, j.total) + "\n" + bar.ViewAs(pct) + "\n" + sty.faint.Render(l.T("exportCancelHint"))
}
