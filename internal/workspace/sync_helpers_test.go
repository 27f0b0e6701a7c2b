package workspace_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"net"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

func pad6(i int) string { return fmt.Sprintf("%06d", i) }

func itoa(i int) string { return strconv.Itoa(i) }

// peoplebenchBSN is the BSN peoplebench.CSV gives employee i (the same elfproef walk).
func peoplebenchBSN(i int) string {
	for k := 10000000 + i*7; ; k++ {
		s := fmt.Sprintf("%08d", k%100000000)
		sum := 0
		for j := range 8 {
			sum += (9 - j) * int(s[j]-'0')
		}
		if c := sum % 11; c < 10 {
			return s + fmt.Sprint(c)
		}
	}
}

// mustListen closes old (freeing its address) and listens on addr again.
func mustListen(t *testing.T, addr string, old *httptest.Server) net.Listener {
	t.Helper()
	old.Close()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// selfSigned is a fresh certificate for 127.0.0.1 with its own key.
func selfSigned(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "arbo.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}
