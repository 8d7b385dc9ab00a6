//go:build !unix

package store

func scaleChild() {}
