package hq

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"math/big"
	"time"
)

// keyPair is a certificate and its private key as they are kept.
type keyPair struct {
	Cert []byte `json:"cert"` // DER
	Key  []byte `json:"key"`  // PKCS #8 DER
}

// NewKeyPair makes a self-signed certificate (ECDSA P-256) for name.
// Nobody checks it against an authority: it is pinned by its
// fingerprint, so it lasts as long as the study.
func NewKeyPair(name string, now time.Time) (tls.Certificate, error) {
	kp, err := newKeyPair(name, now)
	if err != nil {
		return tls.Certificate{}, err
	}
	return kp.certificate()
}

func newKeyPair(name string, now time.Time) (keyPair, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return keyPair{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return keyPair{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: name},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.AddDate(20, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return keyPair{}, err
	}
	priv, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return keyPair{}, err
	}
	return keyPair{Cert: der, Key: priv}, nil
}

func (k keyPair) certificate() (tls.Certificate, error) {
	key, err := x509.ParsePKCS8PrivateKey(k.Key)
	if err != nil {
		return tls.Certificate{}, err
	}
	leaf, err := x509.ParseCertificate(k.Cert)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{k.Cert}, PrivateKey: key, Leaf: leaf}, nil
}

// MarshalKeyPair and UnmarshalKeyPair keep a certificate with its key
// in a setting (sealed with the data file's key).
func MarshalKeyPair(c tls.Certificate) (string, error) {
	priv, err := x509.MarshalPKCS8PrivateKey(c.PrivateKey)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(keyPair{Cert: c.Certificate[0], Key: priv})
	return string(b), err
}

// UnmarshalKeyPair reads what MarshalKeyPair wrote.
func UnmarshalKeyPair(v string) (tls.Certificate, error) {
	var k keyPair
	if err := json.Unmarshal([]byte(v), &k); err != nil {
		return tls.Certificate{}, err
	}
	return k.certificate()
}
