//go:build !linux

package store

func scaleChild() {}
