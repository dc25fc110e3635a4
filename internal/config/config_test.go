package config

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func load(t *testing.T, args []string, env map[string]string) (Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	build := Flags(fs, func(k string) string { return env[k] })
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return build()
}

func TestDefaults(t *testing.T) {
	c, err := load(t, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Listen) != 1 || c.Listen[0] != ":8080" || c.DataDir != "data" || c.LogFormat != "json" || c.ShutdownTimeout != 30*time.Second {
		t.Fatalf("defaults: %+v", c)
	}
	if c.SQLitePath() != filepath.Join("data", "opencem.db") || c.IsPostgres() {
		t.Fatalf("default database: %s", c.DescribeDB())
	}
}

func TestLayering(t *testing.T) {
	file := filepath.Join(t.TempDir(), "opencem.toml")
	os.WriteFile(file, []byte("listen = [\"127.0.0.1:9000\"]\ndata = \"/from/file\"\nlog_format = \"text\"\n"), 0o600)
	// file < env < flags
	c, err := load(t, []string{"--config", file, "--listen", "[::1]:9100", "--listen", "127.0.0.1:9101"},
		map[string]string{"OPENCEM_DATA": "/from/env", "OPENCEM_LISTEN": "1.2.3.4:1"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.Listen, " ") != "[::1]:9100 127.0.0.1:9101" {
		t.Errorf("flags should win for listen: %v", c.Listen)
	}
	if c.DataDir != "/from/env" {
		t.Errorf("env should beat file: %s", c.DataDir)
	}
	if c.LogFormat != "text" {
		t.Errorf("file should beat default: %s", c.LogFormat)
	}
}

func TestInvalid(t *testing.T) {
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"half tls":     {[]string{"--tls-cert", "c.pem"}, "go together"},
		"log format":   {[]string{"--log-format", "xml"}, "log format"},
		"unknown db":   {[]string{"--db", "mysql://root:secret@x/db"}, "use postgres"},
		"secret shown": {[]string{"--db", "mysql://root:secret@x/db"}, "root:***@x"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := load(t, tc.args, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want error containing %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Fatalf("error leaks the password: %v", err)
			}
		})
	}
}

func TestUnknownFileSetting(t *testing.T) {
	file := filepath.Join(t.TempDir(), "c.toml")
	os.WriteFile(file, []byte("lisen = [\":1\"]\n"), 0o600)
	if _, err := load(t, []string{"--config", file}, nil); err == nil || !strings.Contains(err.Error(), "lisen") {
		t.Fatalf("typo in config file not reported: %v", err)
	}
}

func TestWeChatLayering(t *testing.T) {
	file := filepath.Join(t.TempDir(), "opencem.toml")
	os.WriteFile(file, []byte("[wechat]\nappid = \"wxfile\"\napi_base = \"http://127.0.0.1:1\"\n"), 0o600)
	c, err := load(t, []string{"--config", file, "--wechat-open-base", "http://127.0.0.1:2"},
		map[string]string{"OPENCEM_WECHAT_SECRET": "s3cr3t", "OPENCEM_WECHAT_APPID": "wxenv"})
	if err != nil {
		t.Fatal(err)
	}
	w := c.WeChat
	if w.AppID != "wxenv" || w.Secret != "s3cr3t" || w.APIBase != "http://127.0.0.1:1" || w.OpenBase != "http://127.0.0.1:2" || !w.Enabled() {
		t.Fatalf("wechat: %+v", w)
	}
	d, err := load(t, nil, nil)
	if err != nil || d.WeChat.Enabled() || d.WeChat.APIBase != "https://api.weixin.qq.com" || d.WeChat.OpenBase != "https://open.weixin.qq.com" {
		t.Fatalf("wechat defaults: %+v %v", d.WeChat, err)
	}
}

func TestWeChatSecretEnvOnly(t *testing.T) {
	// The secret is not a file setting and not a flag: a file carrying it
	// is refused like any unknown key, and --help never shows it.
	file := filepath.Join(t.TempDir(), "c.toml")
	os.WriteFile(file, []byte("[wechat]\nappid = \"wx1\"\nsecret = \"s3cr3t\"\n"), 0o600)
	if _, err := load(t, []string{"--config", file}, nil); err == nil || !strings.Contains(err.Error(), "wechat.secret") {
		t.Fatalf("secret in a file not refused: %v", err)
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	Flags(fs, func(string) string { return "" })
	fs.VisitAll(func(f *flag.Flag) {
		if strings.Contains(f.Name, "secret") && strings.Contains(f.Name, "wechat") {
			t.Errorf("flag %s exposes the WeChat secret", f.Name)
		}
	})
	for name, env := range map[string]map[string]string{
		"appid without secret": {"OPENCEM_WECHAT_APPID": "wx1"},
		"secret without appid": {"OPENCEM_WECHAT_SECRET": "s3cr3t"},
		"bad base":             {"OPENCEM_WECHAT_APPID": "wx1", "OPENCEM_WECHAT_SECRET": "s3cr3t", "OPENCEM_WECHAT_API_BASE": "ftp://x"},
	} {
		_, err := load(t, nil, env)
		if err == nil || !strings.Contains(err.Error(), "wechat") {
			t.Errorf("%s: got %v", name, err)
		} else if strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%s: error leaks the secret: %v", name, err)
		}
	}
}
