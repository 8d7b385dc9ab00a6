package survey

import "siap/questionnaires"

// widget is how a type of question is answered on the question screen.
type widget struct {
	input       inputKind
	placeholder string // what an empty text field shows
}

type inputKind uint8

const (
	typed       inputKind = iota // a text field
	chooseOne                    // a list of choices, one picked
	chooseMany                   // a list of choices, any number picked
	acknowledge                  // nothing to type: enter says OK
)

// widgets hold the widget of each type of question;
// TestEveryQuestionTypeHasAWidget fails on a type without one.
var widgets = map[questionnaires.Type]widget{
	questionnaires.TypeText:           {input: typed},
	questionnaires.TypeInteger:        {input: typed, placeholder: "0"},
	questionnaires.TypeDecimal:        {input: typed, placeholder: "0"},
	questionnaires.TypeRange:          {input: typed, placeholder: "0"},
	questionnaires.TypeDate:           {input: typed, placeholder: "2024-08-17"},
	questionnaires.TypeTime:           {input: typed, placeholder: "14:30"},
	questionnaires.TypeDateTime:       {input: typed, placeholder: "2024-08-17 14:30"},
	questionnaires.TypeSelectOne:      {input: chooseOne},
	questionnaires.TypeSelectMultiple: {input: chooseMany},
	questionnaires.TypeAcknowledge:    {input: acknowledge},
	questionnaires.TypePhoneNumber:    {input: typed},
}

// acknowledged reports whether a question is answered by saying OK.
func acknowledged(n *questionnaires.Node) bool { return widgets[n.Type].input == acknowledge }
