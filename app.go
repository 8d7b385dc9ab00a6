package main

import (
	tea "charm.land/bubbletea/v2"

	"siap/store"
	"siap/survey"
)

// runApp opens the interviewer's screen on the data file.
func runApp(c *cli) int {
	st, form, err := openData(c, false)
	if err != nil {
		c.errorf("", "%v", err)
		return 1
	}
	defer st.Close()
	app, err := survey.New(survey.Options{Store: st, Form: form, FormKey: store.FormKey(form.Source)})
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
