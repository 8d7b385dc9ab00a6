//go:build !linux

package pgtest

import (
	"errors"
	"os/user"
	"syscall"
)

// runAs runs a program as the user running the tests; another user is
// possible on Linux only.
func runAs(u *user.User) (*syscall.SysProcAttr, error) {
	if u != nil {
		return nil, errors.New("running PostgreSQL as another user is done on Linux only: run the tests as a user that is not root")
	}
	return nil, nil
}
