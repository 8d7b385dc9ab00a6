package questionnaires

import (
	"strings"

	"filippo.io/age"
)

// supervisorKeyColumn is the settings-sheet column a study puts its
// supervisor's public key in (siap key prints it), so that its laptops
// encrypt packs for the supervisor from the first start. ODK ignores it.
const supervisorKeyColumn = "siap_supervisor_key"

// readSupervisorKey checks the supervisor's public key, when the form
// carries one: a key mistyped would make packs nobody can open.
func (b *builder) readSupervisorKey() {
	v := strings.TrimSpace(b.f.Settings[supervisorKeyColumn])
	if v == "" {
		return
	}
	if _, err := age.ParseX25519Recipient(v); err != nil {
		b.ps.errorf("settings", b.settingsRow, supervisorKeyColumn, "siap_supervisor_key %q is not a public key as siap key prints it (age1 and 58 letters and digits)", v)
		return
	}
	b.f.SupervisorKey = v
}
