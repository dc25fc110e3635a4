package app

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opencem/opencem/internal/config"
)

// Clause 6.1b: the default listen address answers on IPv4 and IPv6.
func TestDualStack(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Listen = []string{":0"}
	srv := StartTest(t, cfg)
	port := srv.Addrs[0].(*net.TCPAddr).Port
	for _, host := range []string{"127.0.0.1", "[::1]"} {
		resp, err := http.Get(fmt.Sprintf("http://%s:%d/healthz", host, port))
		if err != nil {
			t.Fatalf("%s: %v", host, err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d", host, resp.StatusCode)
		}
	}
}

// Clause 8.2b: with a certificate the server speaks TLS 1.2 and 1.3 only,
// and marks the session cookie Secure.
func TestTLSVersions(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile := writeSelfSigned(t, dir)
	cfg := config.Default()
	cfg.DataDir = dir
	cfg.TLSCert, cfg.TLSKey = certFile, keyFile
	srv := StartTest(t, cfg)
	addr := srv.Addrs[0].String()
	for _, tc := range []struct {
		version uint16
		ok      bool
	}{{tls.VersionTLS10, false}, {tls.VersionTLS11, false}, {tls.VersionTLS12, true}, {tls.VersionTLS13, true}} {
		conn, err := tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true, MinVersion: tc.version, MaxVersion: tc.version})
		if tc.ok != (err == nil) {
			t.Errorf("TLS version %x: handshake error %v, want ok=%v", tc.version, err, tc.ok)
		}
		if conn != nil {
			conn.Close()
		}
	}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	resp, err := hc.Post("https://"+addr+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"username":"admin","password":"`+TestAdminPassword+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "opencem_session=") && !strings.Contains(c, "Secure") {
			t.Fatalf("session cookie over TLS is not Secure: %s", c)
		}
	}
	if !strings.HasPrefix(srv.URLs()[0], "https://") {
		t.Fatalf("printed URL is not https: %s", srv.URLs()[0])
	}
}

func writeSelfSigned(t *testing.T, dir string) (string, string) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	cf, kf := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(cf, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(kf, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return cf, kf
}

// Shutdown waits for a request already in flight to finish.
func TestGracefulShutdownDrains(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Listen = []string{"127.0.0.1:0"}
	cfg.AdminPassword = TestAdminPassword
	cfg.ShutdownTimeout = 10 * time.Second
	srv, err := Start(context.Background(), cfg, discardLog())
	if err != nil {
		t.Fatal(err)
	}
	// A request in flight: with "Expect: 100-continue" the server answers
	// "100 Continue" only once the handler starts reading the body, so
	// reading that line proves the handler is running.
	conn, err := net.Dial("tcp", srv.Addrs[0].String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"username":"admin","password":"` + TestAdminPassword + `"}`
	fmt.Fprintf(conn, "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: %d\r\n\r\n", len(body))
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(conn)
	if line, err := br.ReadString('\n'); err != nil || !strings.Contains(line, "100 Continue") {
		t.Fatalf("no 100 Continue: %q %v", line, err)
	}
	br.ReadString('\n') // blank line after the interim response
	// Shut down while the handler waits for the rest of the body; the
	// listener closes at once (new connections are refused) but the
	// request in flight must still complete.
	var wg sync.WaitGroup
	wg.Add(1)
	var shutErr error
	go func() { defer wg.Done(); shutErr = srv.Shutdown() }()
	for {
		c, err := net.DialTimeout("tcp", srv.Addrs[0].String(), time.Second)
		if err != nil {
			break
		}
		c.Close()
	}
	fmt.Fprint(conn, body)
	status, _ := br.ReadString('\n')
	wg.Wait()
	if !strings.HasPrefix(status, "HTTP/1.1 200") {
		t.Fatalf("in-flight request was not completed during shutdown: %q", status)
	}
	if shutErr != nil {
		t.Fatalf("shutdown: %v", shutErr)
	}
}

// Clause 8.2a: with --client-ca every client must present a certificate
// from that CA, and an API key bound to a certificate subject accepts only
// that certificate.
func TestMutualTLS(t *testing.T) {
	dir := t.TempDir()
	ca, caKey := newCA(t)
	certFile, keyFile := writeSelfSigned(t, dir)
	caFile := filepath.Join(dir, "ca.pem")
	os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Raw}), 0o600)
	cfg := config.Default()
	cfg.DataDir = dir
	cfg.TLSCert, cfg.TLSKey, cfg.ClientCA = certFile, keyFile, caFile
	srv := StartTest(t, cfg)
	url := "https://" + srv.Addrs[0].String()
	alice, bob := clientCert(t, ca, caKey, "crm-alice"), clientCert(t, ca, caKey, "crm-bob")
	httpsClient := func(cert *tls.Certificate) *http.Client {
		tc := &tls.Config{InsecureSkipVerify: true}
		if cert != nil {
			tc.Certificates = []tls.Certificate{*cert}
		}
		return &http.Client{Transport: &http.Transport{TLSClientConfig: tc}}
	}
	if resp, err := httpsClient(nil).Get(url + "/healthz"); err == nil {
		resp.Body.Close()
		t.Fatal("a client without a certificate was served")
	}
	adm := newClient(t, srv)
	adm.http = httpsClient(&alice)
	adm.base = url
	jar, _ := cookiejar.New(nil)
	adm.http.Jar = jar
	adm.login()
	d := mustOK(t, adm.do("POST", "/api/v1/api-keys", `{"name":"bound","permissions":["users.read"],"cert_subject":"CN=crm-alice"}`, nil), 201)
	tok := d["token"].(string)
	for _, tc := range []struct {
		cert *tls.Certificate
		code string
	}{{&alice, ""}, {&bob, "api_key_certificate_mismatch"}} {
		c := newClient(t, srv)
		c.http, c.base = httpsClient(tc.cert), url
		r := c.do("GET", "/api/v1/users", "", bearer(tok))
		if errCode(r) != tc.code || (tc.code == "" && r.Status != 200) {
			t.Fatalf("cert %s: %d %s", tc.cert.Leaf.Subject, r.Status, r.Body)
		}
	}
}

func newCA(t *testing.T) (*x509.Certificate, *ecdsa.PrivateKey) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(10), Subject: pkix.Name{CommonName: "OpenCEM test CA"}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(der)
	return ca, key
}

func clientCert(t *testing.T, ca *x509.Certificate, caKey *ecdsa.PrivateKey, cn string) tls.Certificate {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
}
