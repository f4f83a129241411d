package io.predlog.agent.sink.file;

import java.util.Arrays;

/** Deflate's fixed tables (RFC 1951, 3.2.5 and 3.2.6). */
final class DeflateCodes {

    /** The longest match deflate can say. */
    static final int MAX_MATCH = 258;
    static final int END_OF_BLOCK = 256;
    static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67,
        83, 99, 115, 131, 163, 195, 227, 258};
    static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
        5, 5, 5, 5, 0};
    static final int[] DIST_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
        1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    static final int[] DIST_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10,
        11, 11, 12, 12, 13, 13};
    static final int[] CL_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    /** Length 3–258 to its symbol 257–285. */
    static final int[] LENGTH_SYMBOL = new int[MAX_MATCH + 1];
    /** Distance − 1 to its code, for distances up to 256. */
    private static final byte[] DIST_SMALL = new byte[256];
    /** (Distance − 1) / 128 to its code, for distances above 256. */
    private static final byte[] DIST_LARGE = new byte[256];
    static final int[] FIXED_LIT_CODE = new int[288];
    static final int[] FIXED_LIT_LENGTH = new int[288];
    static final int[] FIXED_DIST_CODE = new int[30];
    static final int[] FIXED_DIST_LENGTH = new int[30];

    static {
        for (int i = 0; i < LENGTH_BASE.length; i++) {
            int top = i == LENGTH_BASE.length - 1 ? MAX_MATCH : LENGTH_BASE[i + 1] - 1;
            for (int len = LENGTH_BASE[i]; len <= top; len++) {
                LENGTH_SYMBOL[len] = 257 + i;
            }
        }
        for (int c = 0; c < DIST_BASE.length; c++) {
            int end = DIST_BASE[c] + (1 << DIST_EXTRA[c]);
            for (int d = DIST_BASE[c]; d < end; d++) {
                if (d <= 256) {
                    DIST_SMALL[d - 1] = (byte) c;
                } else {
                    DIST_LARGE[(d - 1) >>> 7] = (byte) c;
                }
            }
        }
        for (int s = 0; s < 288; s++) {
            FIXED_LIT_LENGTH[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
        }
        HuffmanCodes.canonical(FIXED_LIT_LENGTH, 288, FIXED_LIT_CODE);
        Arrays.fill(FIXED_DIST_LENGTH, 5);
        HuffmanCodes.canonical(FIXED_DIST_LENGTH, 30, FIXED_DIST_CODE);
    }

    static int distanceCode(int d) {
        return d <= 256 ? DIST_SMALL[d - 1] : DIST_LARGE[(d - 1) >>> 7];
    }

    private DeflateCodes() {
    }
}
