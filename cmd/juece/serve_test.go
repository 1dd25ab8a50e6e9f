package main

import (
	"context"
	"io"
	"testing"
)

func TestServeProxyFlags(t *testing.T) {
	for _, ok := range []string{"https://juece.example.gov.cn", "https://juece.example.gov.cn/", "http://10.0.0.5:8080"} {
		if _, err := parsePublicURL(ok); err != nil {
			t.Errorf("--public-url %s: %v", ok, err)
		}
	}
	for _, bad := range []string{"juece.example.gov.cn", "ftp://x", "https://", "https://a/juece", "https://u:p@a", "https://a/?x=1"} {
		if _, err := parsePublicURL(bad); err == nil {
			t.Errorf("--public-url %s accepted", bad)
		}
	}
	for in, want := range map[string]string{"10.0.0.1": "10.0.0.1/32", "10.0.0.0/8": "10.0.0.0/8", "10.1.2.3/8": "10.0.0.0/8", "::1": "::1/128"} {
		if p, err := parseProxy(in); err != nil || p.String() != want {
			t.Errorf("--trusted-proxy %s: %v %v, want %s", in, p, err, want)
		}
	}
	if _, err := parseProxy("proxy.local"); err == nil {
		t.Error("--trusted-proxy with a name accepted")
	}
	// A bad flag stops serve before it opens anything.
	dir := t.TempDir()
	for _, args := range [][]string{{"serve", "--db", dir + "/x.db", "--public-url", "juece"}, {"serve", "--db", dir + "/x.db", "--trusted-proxy", "nope"}} {
		if err := run(context.Background(), args, func(string) string { return "" }, nil, io.Discard, io.Discard); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}
