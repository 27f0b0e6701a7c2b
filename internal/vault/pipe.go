package vault

import (
	"errors"
	"io"
)

// asyncWriter hands full buffers to a goroutine that writes them to w, so that reading the store
// (one core) and sealing and writing the file (another) overlap: a backup runs at the speed of
// the slower of the two instead of their sum.
type asyncWriter struct {
	w    io.Writer
	buf  []byte
	full chan []byte
	free chan []byte
	done chan error
	err  error
}

const pipeBuffer = 1 << 20

func newAsyncWriter(w io.Writer) *asyncWriter {
	a := &asyncWriter{w: w, full: make(chan []byte, 3), free: make(chan []byte, 4), done: make(chan error, 1)}
	for range 4 {
		a.free <- make([]byte, 0, pipeBuffer)
	}
	a.buf = <-a.free
	go a.run(a.full)
	return a
}

func (a *asyncWriter) run(full <-chan []byte) {
	var err error
	for b := range full {
		if err == nil {
			_, err = a.w.Write(b)
		}
		a.free <- b[:0]
	}
	a.done <- err
}

func (a *asyncWriter) Write(p []byte) (int, error) {
	if a.err != nil {
		return 0, a.err
	}
	n := len(p)
	for len(p) > 0 {
		room := cap(a.buf) - len(a.buf)
		if room == 0 {
			a.full <- a.buf
			a.buf = <-a.free
			room = cap(a.buf)
		}
		k := min(room, len(p))
		a.buf = append(a.buf, p[:k]...)
		p = p[k:]
	}
	return n, nil
}

// Close writes what is buffered, waits for the writer and returns its first error.
func (a *asyncWriter) Close() error {
	if a.full == nil {
		return a.err
	}
	if len(a.buf) > 0 {
		a.full <- a.buf
	}
	close(a.full)
	a.full = nil
	err := <-a.done
	a.err = errors.Join(a.err, err)
	if a.err == nil {
		a.err = errors.New("vault: backup writer closed")
		return nil
	}
	return a.err
}
