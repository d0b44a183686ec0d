package gm103

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"sync"
)

const maxSize = 64 << 10

func earlyReturn(w io.Writer, s string) {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString(s)
	w.Write(b.Bytes())
	if b.Cap() > maxSize {
		return
	}
	b.Reset()
	bufPool.Put(b)
}

func fmtStyle(w io.Writer, s string) {
	bp := slicePool.Get().(*[]byte)
	*bp = append(*bp, s...)
	w.Write(*bp)
	if cap(*bp) > 64<<10 {
		return
	}
	*bp = (*bp)[:0]
	slicePool.Put(bp)
}

func guardedPut(w io.Writer, s string) {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString(s)
	w.Write(b.Bytes())
	b.Reset()
	if b.Cap() <= 1<<16 {
		bufPool.Put(b)
	}
}

func flippedComparison(w io.Writer, s string) {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString(s)
	w.Write(b.Bytes())
	b.Reset()
	if 1<<16 >= b.Cap() {
		bufPool.Put(b)
	}
}

func elseBranch(w io.Writer, s string) {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString(s)
	w.Write(b.Bytes())
	if b.Len() > maxSize {
		b = nil
	} else {
		b.Reset()
		bufPool.Put(b)
	}
}

func orCondition(w io.Writer, s string) {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString(s)
	w.Write(b.Bytes())
	if b == nil || b.Cap() > maxSize {
		return
	}
	b.Reset()
	bufPool.Put(b)
}

func neverGrown() int {
	b := bufPool.Get().(*bytes.Buffer)
	n := b.Len()
	bufPool.Put(b)
	return n
}

func fieldBound(p []byte) {
	bb := bbPool.Get().(*ByteBuffer)
	bb.B = append(bb.B[:0], p...)
	if cap(bb.B) > maxSize {
		return
	}
	bb.B = bb.B[:0]
	bbPool.Put(bb)
}

// release puts back a buffer it did not get here: the caller's growth is not visible.
func release(b *bytes.Buffer) {
	b.Reset()
	bufPool.Put(b)
}

type small struct {
	id   int
	name string
}

var smallPool sync.Pool

func notABuffer(id int) {
	s := smallPool.Get().(*small)
	s.id = id
	*s = small{}
	smallPool.Put(s)
}

func freshBuffer(s string) {
	b := new(bytes.Buffer)
	b.WriteString(s)
	bufPool.Put(b)
}

func boundInSwitchStyle(w io.Writer, s string) {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString(s)
	w.Write(b.Bytes())
	if n := b.Cap(); n > maxSize {
		return
	}
	b.Reset()
	bufPool.Put(b)
}

var floatPool = sync.Pool{New: func() any { b := make([]byte, 0, 24); return &b }}

// formatFloat only ever adds a few bytes: a float's digits and a suffix.
func formatFloat(f float64) string {
	bp := floatPool.Get().(*[]byte)
	defer floatPool.Put(bp)
	*bp = strconv.AppendFloat((*bp)[:0], f, 'g', -1, 64)
	*bp = append(*bp, '.', '0')
	return string(*bp)
}

// readLoop uses a fixed-size scratch buffer: Read fills it but cannot grow it.
func readLoop(dst io.Writer, src io.Reader) error {
	bp := slicePool.Get().(*[]byte)
	defer slicePool.Put(bp)
	for {
		n, err := src.Read(*bp)
		if n > 0 {
			dst.Write((*bp)[:n])
		}
		if err != nil {
			return err
		}
	}
}

const limit = 1 << 16

func lengthGuardedPut(p []byte) {
	bb := bbPool.Get().(*ByteBuffer)
	bb.B = append(bb.B[:0], p...)
	if len(bb.B) <= limit {
		bb.B = bb.B[:0]
		bbPool.Put(bb)
	}
}

func replacedWhenBig(w io.Writer, s string) {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString(s)
	w.Write(b.Bytes())
	if b.Cap() > limit {
		b = new(bytes.Buffer)
	}
	b.Reset()
	bufPool.Put(b)
}

func oneByte(c byte) string {
	sb := sbPool.Get().(*strings.Builder)
	sb.WriteByte(c)
	s := sb.String()
	sb.Reset()
	sbPool.Put(sb)
	return s
}

func otherBufferGrown(w io.Writer, s string) {
	b := bufPool.Get().(*bytes.Buffer)
	var scratch bytes.Buffer
	scratch.WriteString(s)
	w.Write(scratch.Bytes())
	bufPool.Put(b)
}

func boundInClosure(w io.Writer, s string) {
	b := bufPool.Get().(*bytes.Buffer)
	defer func() {
		if b.Cap() > limit {
			return
		}
		b.Reset()
		bufPool.Put(b)
	}()
	b.WriteString(s)
	w.Write(b.Bytes())
}

// A type with Put that is not sync.Pool.
type ring struct{ items []*bytes.Buffer }

func (r *ring) Get() any            { return nil }
func (r *ring) Put(b *bytes.Buffer) { r.items = append(r.items, b) }

var buffers ring

func notSyncPool(s string) {
	b := buffers.Get().(*bytes.Buffer)
	b.WriteString(s)
	buffers.Put(b)
}

// The bound is checked on a local copy of the pooled slice.
func boundOnAlias(parts []string) string {
	bp := slicePool.Get().(*[]byte)
	buf := (*bp)[:0]
	for _, p := range parts {
		buf = append(buf, p...)
	}
	s := string(buf)
	if cap(buf) <= limit {
		*bp = buf
		slicePool.Put(bp)
	}
	return s
}

// sizedBuffer drops its storage when it got big, as encoding/gob's encBuffer does.
type sizedBuffer struct {
	data    []byte
	scratch [64]byte
}

func (e *sizedBuffer) Write(p []byte) { e.data = append(e.data, p...) }

func (e *sizedBuffer) Reset() {
	if len(e.data) >= limit {
		e.data = e.scratch[0:0]
	} else {
		e.data = e.data[0:0]
	}
}

var sizedPool = sync.Pool{New: func() any { return new(sizedBuffer) }}

func boundInsideReset(p []byte) {
	e := sizedPool.Get().(*sizedBuffer)
	e.Write(p)
	e.Reset()
	sizedPool.Put(e)
}
