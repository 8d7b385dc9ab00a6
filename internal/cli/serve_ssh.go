package cli

import (
	"context"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"time"

	"siap/internal/sshserve"
	"siap/store"
)

// siap serve --ssh ADDR answers supervisors and headquarters over SSH,
// and siap serve user manages who may connect.
func init() {
	sshListener = serveSSH
	serveCommands = append(serveCommands, (*cli).serveUserCmd)
}

// shutdownWait is how long siap serve, stopping, waits for SSH sessions
// under way to end before it closes them.
const shutdownWait = 5 * time.Second

// serveSSH answers SSH connections on addr until ctx is done.
func serveSSH(ctx context.Context, c *cli, addr string, st store.Interviews) error {
	exports := exportsDir(st)
	srv, err := sshserve.New(sshserve.Config{Addr: addr, Data: st, ExportDir: exports})
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return failf(textServeListen, addr, err)
	}
	host, port, _ := net.SplitHostPort(l.Addr().String())
	fmt.Fprintln(c.stdout, textServingSSH.in(c.lang, l.Addr(), port, reachedAs(host), exports))
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	// Sessions under way end before siap serve closes the study.
	wait, cancel := context.WithTimeout(context.Background(), shutdownWait)
	defer cancel()
	if srv.Shutdown(wait) != nil {
		srv.Close()
	}
	return <-served
}

// exportsDir is the folder on the server exports over SSH are written
// in: beside a data file, else in the user's data folder.
func exportsDir(st store.Interviews) string {
	if loc := st.Location(); !strings.Contains(loc, "://") {
		return filepath.Join(filepath.Dir(loc), "siap-exports")
	}
	return filepath.Join(userDataDir(), "siap", "exports")
}
