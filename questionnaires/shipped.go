package questionnaires

import (
	_ "embed"
	"sync"
)

// The shipped questionnaire is kept as pyxform-layout CSV so that changes
// to it read as ordinary diffs.
//
//go:embed forms/bansos_readiness.csv
var bansosReadiness []byte

// ShippedName is the file name the shipped questionnaire is known by.
const ShippedName = "bansos_readiness.csv"

var shipped struct {
	once sync.Once
	form *Form
	err  error
}

// Shipped returns the five-city survey of readiness for digital social
// assistance that siap ships with. It is read once; callers must not
// change it.
func Shipped() (*Form, error) {
	shipped.once.Do(func() {
		shipped.form, shipped.err = Parse(ShippedName, bansosReadiness, nil)
	})
	return shipped.form, shipped.err
}

// ShippedSource returns the shipped questionnaire's bytes.
func ShippedSource() []byte { return bansosReadiness }
