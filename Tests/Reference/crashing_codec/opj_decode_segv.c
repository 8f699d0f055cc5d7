/* A stand-in for a codec bug, for the batch crash-isolation test (Tests/Reference/test_bad_input.py).
 *
 * Built as a shared library and put in LD_PRELOAD, it replaces OpenJPEG's opj_decode, which GDCM calls
 * (through libgdcmMSFF's dynamic symbol table) to decode a JPEG 2000 frame. It writes through a null
 * pointer, so the process dies of SIGSEGV inside the decoder, in the middle of reading the pixel data,
 * as it would on a memory-safety bug in the codec. Every other path, and every scan without JPEG 2000
 * pixel data, runs the real libraries unchanged. */
#include <stddef.h>

int opj_decode(void *codec, void *stream, void *image)
{
    (void)codec;
    (void)stream;
    (void)image;
    volatile int *nowhere = NULL;
    *nowhere = 1;
    return 0;
}
