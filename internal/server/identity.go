package server

import (
	"crypto/tls"
	"fmt"
	"time"

	"siap/internal/hq"
	"siap/store"
)

// loadCertificate reads headquarters' certificate, making it the first
// time.
func loadCertificate(st store.Interviews, now time.Time) (tls.Certificate, string, error) {
	v, err := firstSetting(st, settingTLS, func() (string, error) {
		c, err := hq.NewKeyPair("siap headquarters", now)
		if err != nil {
			return "", err
		}
		return hq.MarshalKeyPair(c)
	})
	if err != nil {
		return tls.Certificate{}, "", fmt.Errorf("headquarters' certificate: %w", err)
	}
	c, err := hq.UnmarshalKeyPair(v)
	if err != nil {
		return tls.Certificate{}, "", fmt.Errorf("headquarters' certificate is damaged: %w", err)
	}
	return c, hq.Fingerprint(c.Certificate[0]), nil
}

// loadIdentity reads headquarters' private key (age), which uploads are
// encrypted to, making it the first time, and its public key.
func loadIdentity(st store.Interviews) (identity, public string, err error) {
	identity, err = firstSetting(st, store.IdentitySetting, store.NewIdentity)
	if err != nil {
		return "", "", fmt.Errorf("headquarters' key pair: %w", err)
	}
	public, err = store.PublicKeyOf(identity)
	return identity, public, err
}
