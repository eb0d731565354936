/*
 * test_utf8.c: the shared UTF-8 helpers (core/utf8.c): the eight-bytes-
 * at-a-time skip over printable ASCII, decoding and encoding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/utf8.h"

/* Every byte value at every position of a 20-byte run, with the run
 * starting at every offset: the skip stops exactly at the first byte
 * outside 0x20-0x7E, or runs to the end. */
static void test_utf8_skip_printable_ascii_stops_exactly(void **state)
{
    (void)state;
    char buf[48];
    for (unsigned b = 0; b < 256; b++) {
        bool printable = b >= 0x20 && b < 0x7F;
        for (size_t start = 0; start < 4; start++)
            for (size_t at = start; at < 40; at++) {
                memset(buf, 'a', sizeof(buf));
                buf[at] = (char)b;
                size_t got = cpl_skip_printable_ascii(buf, start, 40);
                assert_int_equal(got, printable ? 40 : at);
            }
    }
    /* Two stops: the first counts, whatever comes after it. */
    memset(buf, 'x', sizeof(buf));
    buf[9] = '\n';
    buf[3] = (char)0xE2;
    assert_int_equal(cpl_skip_printable_ascii(buf, 0, 32), 3);
    assert_int_equal(cpl_skip_printable_ascii(buf, 4, 32), 9);
    assert_int_equal(cpl_skip_printable_ascii(buf, 10, 10), 10);
}

/* The same for cpl_skip_to_marks(): it stops exactly at the first of
 * the three marks or byte from 0x80, in the 16- and 8-byte blocks and
 * the byte loop after them. */
static void test_utf8_skip_to_marks_stops_exactly(void **state)
{
    (void)state;
    char buf[48];
    for (unsigned b = 0; b < 256; b++) {
        bool stops = b == '.' || b == '!' || b == '?' || b >= 0x80;
        for (size_t start = 0; start < 4; start++)
            for (size_t at = start; at < 40; at++) {
                memset(buf, 'a', sizeof(buf));
                buf[at] = (char)b;
                size_t got = cpl_skip_to_marks(buf, start, 40, '.', '!', '?');
                assert_int_equal(got, stops ? at : 40);
            }
    }
    memset(buf, 'x', sizeof(buf));
    buf[30] = '?';
    buf[20] = (char)0xC3;
    assert_int_equal(cpl_skip_to_marks(buf, 0, 48, '.', '!', '?'), 20);
    assert_int_equal(cpl_skip_to_marks(buf, 21, 48, '.', '!', '?'), 30);
    assert_int_equal(cpl_skip_to_marks(buf, 31, 48, '.', '!', '?'), 48);
}

/* cpl_utf8_count() in 16-byte blocks, the masked last block, the 8-byte
 * word and the byte loop: the same as byte by byte for every byte value
 * at every position of runs of every length up to 70 (the boundaries of
 * continuation bytes, 0x7F/0x80, 0xBF/0xC0, are the cases that break). */
static void test_utf8_count_matches_bytewise(void **state)
{
    (void)state;
    static const unsigned char fill[] = {'a', 0x80, 0xBF, 0xC0, 0xE2, 0x7F};
    char buf[80];
    for (size_t f = 0; f < sizeof(fill); f++)
        for (unsigned b = 0; b < 256; b++)
            for (size_t at = 0; at < 70; at += 3) {
                memset(buf, (char)fill[f], sizeof(buf));
                buf[at] = (char)b;
                buf[(at * 7 + 5) % 70] = (char)0x9C;
                for (size_t start = 0; start < 3; start++)
                    for (size_t len = 0; start + len <= 70; len++)
                        assert_int_equal(
                            cpl_utf8_count(buf + start, len),
                            cpl_utf8_count_bytewise(buf + start, len));
            }
    /* a known answer: "“Yes”" is 5 code points in 9 bytes */
    assert_int_equal(cpl_utf8_count("\xe2\x80\x9cYes\xe2\x80\x9d", 9), 5);
}

static void test_utf8_decode_and_encode_round_trip(void **state)
{
    (void)state;
    const uint32_t cps[] = {0x41, 0xE9, 0x2019, 0x1F600};
    for (size_t k = 0; k < sizeof(cps) / sizeof(cps[0]); k++) {
        char out[4];
        size_t n = cpl_utf8_encode(cps[k], out);
        uint32_t back;
        assert_int_equal(cpl_utf8_decode(out, n, &back), n);
        assert_int_equal(back, cps[k]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_skip_printable_ascii_stops_exactly),
        cmocka_unit_test(test_utf8_skip_to_marks_stops_exactly),
        cmocka_unit_test(test_utf8_decode_and_encode_round_trip),
        cmocka_unit_test(test_utf8_count_matches_bytewise),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
