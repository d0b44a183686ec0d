package gm101

import (
	"bufio"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"io"
	"sync"
)

// A reader bound to a source when created: reading consumes it, nothing is left for the next
// user to trip over.
var randPool = sync.Pool{New: func() any { return bufio.NewReader(rand.Reader) }}

func randomBytes(n int) []byte {
	r := randPool.Get().(*bufio.Reader)
	defer randPool.Put(r)
	out := make([]byte, n)
	io.ReadFull(r, out)
	return out
}

type response struct {
	term  uint64
	index uint64
	peer  string
}

var respPool = sync.Pool{New: func() any { return new(response) }}

func newResponse(term, index uint64, peer string) *response {
	r := respPool.Get().(*response)
	r.term, r.index, r.peer = term, index, peer
	return r
}

func (r *response) encode(b []byte) []byte {
	b = binary.LittleEndian.AppendUint64(b, r.term)
	return binary.LittleEndian.AppendUint64(b, r.index)
}

func sendResponse(w io.Writer, term uint64) {
	r := newResponse(term, 0, "x")
	w.Write(r.encode(nil))
	respPool.Put(r)
}

func fieldsPassedByValue(w io.Writer) {
	r := respPool.Get().(*response)
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], r.term)
	w.Write(buf[:])
	respPool.Put(r)
}

var decoderPool = sync.Pool{New: func() any { return json.NewDecoder(nil) }}

func decodeWithPooled(v any) error {
	d := decoderPool.Get().(*json.Decoder)
	defer decoderPool.Put(d)
	return d.Decode(v)
}

var u64Pool = sync.Pool{New: func() any { b := make([]uint64, 0, 64); return &b }}

func appendWords(dst, src []uint64) []uint64 { return append(dst, src...) }

// The slice is copied out, filled from its truncated self, and stored back: a reset on get.
func viaAlias(src []uint64) int {
	xbuf := u64Pool.Get().(*[]uint64)
	buf := *xbuf
	buf = appendWords(buf[:0], src)
	n := len(buf)
	*xbuf = buf
	u64Pool.Put(xbuf)
	return n
}

func viaAliasNoTruncation(src []uint64) int {
	xbuf := u64Pool.Get().(*[]uint64)
	buf := *xbuf
	buf = append(buf, src...)
	n := len(buf)
	*xbuf = buf
	u64Pool.Put(xbuf) // want "GM101: xbuf is put back into u64Pool"
	return n
}

// sum only reads the slice it is given.
func sum(xs *[]uint64) (t uint64) {
	for _, x := range *xs {
		t += x
	}
	return t
}

// fillWords writes into the slice it is given.
func fillWords(xs *[]uint64, n int) {
	for i := 0; i < n; i++ {
		*xs = append(*xs, uint64(i))
	}
}

func passedToReader() uint64 {
	xbuf := u64Pool.Get().(*[]uint64)
	t := sum(xbuf)
	u64Pool.Put(xbuf)
	return t
}

func passedToWriter() uint64 {
	xbuf := u64Pool.Get().(*[]uint64)
	fillWords(xbuf, 8)
	t := sum(xbuf)
	u64Pool.Put(xbuf) // want "GM101: xbuf is put back into u64Pool"
	return t
}

type matches struct{ a []string }

var matchesPool = sync.Pool{New: func() any { return new(matches) }}

func match(dst []string, s string) ([]string, bool) { return append(dst, s), s != "" }

// The first write starts from the truncated field, through a call with two results.
func truncatedThroughCall(s string) int {
	m := matchesPool.Get().(*matches)
	var ok bool
	m.a, ok = match(m.a[:0], s)
	if !ok {
		matchesPool.Put(m)
		return 0
	}
	n := len(m.a)
	matchesPool.Put(m)
	return n
}

func copiedInto(src []string) {
	m := matchesPool.Get().(*matches)
	copy(m.a, src)
	matchesPool.Put(m) // want "GM101: m is put back into matchesPool"
}
