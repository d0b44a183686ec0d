//go:build !linux

package gm201

func platformTotal(xs ...any) int {
	return len(xs)
}

func usePlatform() int { return platformTotal(1, 2) }
