package cli

import (
	tea "charm.land/bubbletea/v2"

	"siap/store"
	"siap/survey"
)

// runApp opens the interviewer's screen on the data file.
func runApp(c *cli) int {
	if c.lockAfter < 0 {
		c.errorf("", "--lock-after must be a duration of zero or more, such as 10m, not %v", c.lockAfter)
		return exitUsage
	}
	st, form, err := openData(c, false)
	if err != nil {
		c.errorf("", "%v", err)
		return 1
	}
	defer st.Close()
	app, err := survey.New(survey.Options{Store: st, Form: form, FormKey: store.FormKey(form.Source, form.Attachments), LockAfter: c.lockAfter})
	if err != nil {
		c.errorf("", "%v", err)
		return 1
	}
	if _, err := tea.NewProgram(app).Run(); err != nil {
		c.errorf("", "%v", err)
		return 1
	}
	return 0
}
