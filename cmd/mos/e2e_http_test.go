package main

import (
	"net"

	"github.com/stretchr/testify/require"
)

// useFreeHTTPAddr points the world's /healthz, /metrics and /mcp listener at a free local port.
func (w *world) useFreeHTTPAddr() {
	w.t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(w.t, err)
	w.cfg.HTTPAddr = l.Addr().String()
	require.NoError(w.t, l.Close())
}
