package hq

import (
	"encoding/json"
	"fmt"
	"time"

	"siap/store"
)

// Settings of a laptop's data file (sealed, as every setting).
const (
	// SettingServer holds the headquarters the file is enrolled with
	// (Server), which the home screen's sync entry looks for.
	SettingServer = "headquarters"
	// settingSent keeps, by interview id, the digest of the content
	// headquarters last received from this laptop.
	settingSent = "headquarters_sent"
	// settingPending keeps an enrolment sent and not yet confirmed
	// (pendingEnrolment).
	settingPending = "headquarters_pending"
)

// Server is headquarters as an enrolled laptop knows it.
type Server struct {
	URL string `json:"url"`
	// Fingerprint is headquarters' certificate's, pinned: a server
	// showing another certificate is refused before anything is sent.
	Fingerprint string `json:"fingerprint"`
	// Key is headquarters' age public key: uploads are encrypted to it.
	Key string `json:"key"`
	// Name is the interviewer's name the laptop was enrolled under.
	Name string `json:"name"`
	Form string `json:"form"`
	// Client is the laptop's certificate and private key
	// (MarshalKeyPair), which every request is made with.
	Client   string    `json:"client"`
	Enrolled time.Time `json:"enrolled"`
}

// Known is the headquarters the data file is enrolled with, or nil.
func Known(st *store.Store) (*Server, error) {
	v, err := st.Setting(SettingServer)
	if err != nil || v == "" {
		return nil, err
	}
	var s Server
	if err := json.Unmarshal([]byte(v), &s); err != nil {
		return nil, fmt.Errorf("data file %s: its headquarters setting is damaged (%v): enrol again with siap sync --enrol", st.Path(), err)
	}
	return &s, nil
}

func (s *Server) save(st *store.Store) error {
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return st.SetSetting(SettingServer, string(b))
}
