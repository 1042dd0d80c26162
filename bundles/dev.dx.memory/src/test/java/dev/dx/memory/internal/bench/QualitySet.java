package dev.dx.memory.internal.bench;

import java.util.List;

/**
 * Question → note pairs for recall@5, written for this benchmark. About half share a distinctive word with their
 * note (text search can find them), the others are paraphrases with no content word in common (only meaning can);
 * two are Chinese and Japanese to exercise the CJK analysis.
 */
final class QualitySet {
    /** A note and a question it answers; {@code kind} is {@code words} or {@code paraphrase} or {@code cjk}. */
    record Pair(String note, String question, String kind) {
    }

    static final List<Pair> PAIRS = List.of(
            new Pair("Dr. Patel, my dentist, moved my teeth cleaning to Thursday 14 March at 8:30.",
                    "When is my next teeth cleaning?", "words"),
            new Pair("The spare key to the flat is hidden under the blue flower pot by the back door.",
                    "Where did I put the extra house key?", "words"),
            new Pair("Anna is allergic to peanuts and shellfish; never order satay for her.",
                    "What foods must Anna avoid?", "words"),
            new Pair("The wifi password for the cabin in Tahoe is PineCone42.",
                    "How do I get online at the lake house?", "paraphrase"),
            new Pair("My car insurance with Allianz renews on 1 September; the premium is 640 euros a year.",
                    "How much do I pay to insure the vehicle?", "words"),
            new Pair("Tom prefers his coffee black, no sugar, and hates oat milk.",
                    "How does Tom take his coffee?", "words"),
            new Pair("Passport number ends in 4471 and expires in June 2027.",
                    "When does my travel document run out?", "paraphrase"),
            new Pair("Mum's birthday is on 3 November; she likes orchids and dark chocolate.",
                    "What present would my mother enjoy?", "paraphrase"),
            new Pair("The garage door opener battery is a CR2032 coin cell.",
                    "What battery does the garage remote need?", "words"),
            new Pair("We agreed to split the rent 60/40 with Jonas because his room is bigger.",
                    "How do Jonas and I share the housing costs?", "words"),
            new Pair("Plant care: the fern needs water twice a week, the cactus only once a month.",
                    "How often should the succulent be watered?", "paraphrase"),
            new Pair("Marco the plumber charges 85 per hour; his number is 0176 5550192.",
                    "Who can fix a leaking pipe?", "paraphrase"),
            new Pair("I run 5 km every Tuesday and Friday morning along the river.",
                    "What is my jogging routine?", "paraphrase"),
            new Pair("The FitWorld gym membership can be cancelled with three months notice.",
                    "How do I end my fitness club contract?", "paraphrase"),
            new Pair("Lisa's daughter Emma starts primary school in August.",
                    "When does Emma begin school?", "words"),
            new Pair("Favourite restaurant: Trattoria Da Luigi, always order the truffle risotto.",
                    "Which Italian place do I like and what dish should I get?", "paraphrase"),
            new Pair("Bank appointment about the mortgage on 22 May at 10:00 with Mr. Weber.",
                    "When am I meeting about the home loan?", "paraphrase"),
            new Pair("The kids' pediatrician is Dr. Okafor at the Lindenhof practice.",
                    "Who is the children's doctor?", "paraphrase"),
            new Pair("Netflix, Spotify and iCloud subscriptions cost 38 euros per month together.",
                    "What do my streaming services cost?", "paraphrase"),
            new Pair("Flight LH 1234 to Lisbon departs 7 June at 06:45 from Terminal 1.",
                    "What time does my plane to Portugal leave?", "paraphrase"),
            new Pair("The landlord wants the balcony railing painted before we move out.",
                    "What must be done to the balcony before leaving the apartment?", "words"),
            new Pair("My blood type is A negative.", "What blood group do I have?", "words"),
            new Pair("Lena is vegetarian but eats fish occasionally.", "Does Lena eat meat?", "words"),
            new Pair("Toner for the HP LaserJet printer is model 26A.",
                    "Which cartridge fits the office printer?", "words"),
            new Pair("Book club meets the first Monday of each month at Clara's place.",
                    "When does the reading group get together?", "paraphrase"),
            new Pair("The 2023 tax return must be filed by 31 July; the advisor is Ms. Braun.",
                    "What is the deadline for my taxes?", "words"),
            new Pair("Bike lock code is 3-9-1-7.", "What's the combination for my bicycle lock?", "words"),
            new Pair("Grandpa tells great stories about sailing to Norway in 1968.",
                    "Who has tales about a boat trip to Scandinavia?", "paraphrase"),
            new Pair("我的护照放在书房的抽屉里。", "护照在哪里？", "cjk"),
            new Pair("東京の友達のケンは毎年三月に遊びに来る。", "ケンはいつ来る？", "cjk"));

    private QualitySet() {
    }
}
