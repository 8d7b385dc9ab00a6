package cli

import (
	tea "charm.land/bubbletea/v2"

	"siap/store"
	"siap/survey"
)

// runApp opens the interviewer's screen on the data file.
func (c *cli) runApp() error {
	if c.lockAfter < 0 {
		return usagef(textLockAfter, c.lockAfter)
	}
	st, form, err := openData(c, false)
	if err != nil {
		return err
	}
	defer st.Close()
	app, err := survey.New(survey.Options{Store: st, Form: form, FormKey: store.FormKey(form.Source, form.Attachments), LockAfter: c.lockAfter,
		Locale: c.lang.survey()})
	if err != nil {
		return err
	}
	_, err = tea.NewProgram(app).Run()
	return err
}
