/* codes.c - the England-like weights (per thousand, rounded from the DfE's published 2023-24 /
 * 2024-25 tables) the generator draws DfE codes with, in the order of the program's code sets
 * (core/codes.h), the assessment factors it writes, and the small lists of common words used
 * as made-up names in agency returns. */
#include "synth/synth_int.h"

/* police ~30%, schools ~21%, health ~14%, LA services ~10%, individuals ~7.5% */
const uint16_t syn_ref_source_w[SYN_NSOURCE] = {
    40, 10, 15, 10, 190, 20, 25, 25, 10, 20, 40, 24, 15, 30, 25, 20, 20, 299, 34, 60, 14, 54,
};

const uint16_t syn_need_w[SYN_NNEED] = {55, 500, 40, 30, 100, 140, 30, 5, 50, 50};

const uint16_t syn_eth_w[SYN_NETH] = {650, 5,  60, 2,  5,  20, 8, 12, 25, 25,
                                      40,  15, 15, 10, 40, 8,  5, 25, 3,  27};

const uint16_t syn_cat_w[SYN_NCAT] = {500, 370, 60, 40, 30};

const char *const syn_factor[SYN_NFACTOR] = {
    "1A",  "1B",  "1C",  "2A",  "2B",  "2C",  "3A",  "3B",  "3C",  "4A", "4B", "4C",  "5A",  "5B",
    "5C",  "6A",  "6B",  "6C",  "7A",  "8B",  "8C",  "8D",  "8E",  "8F", "9A", "10A", "11A", "12A",
    "13A", "14A", "15A", "16A", "17A", "18B", "18C", "19B", "19C", "20", "21", "22A", "23A", "24A",
};

/* Made-up names: common English words, never a list of real people. */
const char *const syn_words_surname[SYN_NSURNAME] = {
    "Apple", "Birch", "Brook",  "Cedar", "Cloud",  "Copper", "Dale",   "Elm",     "Fern",   "Field",
    "Flint", "Frost", "Garden", "Glen",  "Hazel",  "Heath",  "Hill",   "Holly",   "Lake",   "Lane",
    "Leaf",  "Marsh", "Meadow", "Mill",  "Moss",   "North",  "Oak",    "Orchard", "Pebble", "Pine",
    "Pond",  "Rain",  "Reed",   "Ridge", "River",  "Rock",   "Rose",   "Sand",    "Shore",  "Slate",
    "Snow",  "South", "Spring", "Stone", "Storm",  "Stream", "Summer", "Thorn",   "Tide",   "Vale",
    "Wave",  "West",  "Willow", "Wind",  "Winter", "Wood",   "Bell",   "Bridge",  "Castle", "Fox",
    "Gate",  "Kite",  "Lark",   "Wren",
};
const char *const syn_words_forename[SYN_NFORENAME] = {
    "Amber",  "Ash",     "Bay",     "Blue",  "Bright", "Clover",  "Coral",  "Dawn",
    "Day",    "Echo",    "Ember",   "Fable", "Flame",  "Gem",     "Ginger", "Gold",
    "Grace",  "Happy",   "Honey",   "Hope",  "Indigo", "Ivory",   "Jade",   "Jolly",
    "Joy",    "Kind",    "Lemon",   "Light", "Lucky",  "Maple",   "Merry",  "Mint",
    "Misty",  "Noble",   "Ocean",   "Olive", "Onyx",   "Pearl",   "Pepper", "Poppy",
    "Quill",  "Rainbow", "Robin",   "Ruby",  "Rusty",  "Saffron", "Sage",   "Silver",
    "Sky",    "Sonny",   "Sparrow", "Star",  "Sunny",  "Swift",   "Topaz",  "True",
    "Velvet", "Violet",  "Wild",    "Windy", "Winter", "Zest",    "Breeze", "Cherry",
};
