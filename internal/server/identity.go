package server

import (
	"crypto/tls"
	"fmt"
	"time"

	"siap/internal/hq"
)

// loadCertificate reads headquarters' certificate, making it the first
// time: whichever process makes it first, every process uses that one.
func loadCertificate(st Storage, now time.Time) (tls.Certificate, string, error) {
	err := st.UpdateSetting(settingTLS, func(old string) (string, error) {
		if old != "" {
			return old, nil
		}
		c, err := hq.NewKeyPair("siap headquarters", now)
		if err != nil {
			return "", err
		}
		return hq.MarshalKeyPair(c)
	})
	if err != nil {
		return tls.Certificate{}, "", fmt.Errorf("headquarters' certificate: %w", err)
	}
	v, err := st.Setting(settingTLS)
	if err != nil {
		return tls.Certificate{}, "", err
	}
	c, err := hq.UnmarshalKeyPair(v)
	if err != nil {
		return tls.Certificate{}, "", fmt.Errorf("headquarters' certificate is damaged: %w", err)
	}
	return c, hq.Fingerprint(c.Certificate[0]), nil
}
