package dev.dx.memory.internal.bench;

import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * Realistic personal notes for the benchmark: diary entries, meeting notes, to-dos and facts about people, places,
 * health, money, travel and home, built from templates and a few hundred words, deterministic for a seed. They share
 * vocabulary with the retrieval-quality notes (dentists, keys, flights, birthdays...) so those must be found among
 * many similar passages.
 */
final class Corpus {
    private static final String[] NAMES = {"Anna", "Tom", "Lisa", "Jonas", "Emma", "Lena", "Marco", "Clara", "Ben",
            "Sofia", "Paul", "Mia", "Felix", "Nora", "David", "Sara", "Jan", "Eva", "Lukas", "Julia", "Max", "Ida",
            "Noah", "Lea", "Finn", "Hanna", "Elias", "Lara", "Leon", "Amelie", "Oskar", "Greta", "Theo", "Marie",
            "Karl", "Rosa", "Hugo", "Alma", "Emil", "Frida"};
    private static final String[] PLACES = {"the office", "the cafe on Main Street", "the library", "the park",
            "the train station", "the market", "the gym", "the bakery", "the town hall", "the beach", "the museum",
            "the hospital", "the school", "the garden centre", "the airport", "the hardware store", "the pharmacy",
            "the bank", "the post office", "the cinema", "the swimming pool", "the old harbour", "the supermarket",
            "the dentist's office", "the car repair shop", "the community centre"};
    private static final String[] TOPICS = {"the budget for next quarter", "the kitchen renovation",
            "the summer holiday", "the new project timeline", "the school trip", "the car repair",
            "the birthday party", "the garden fence", "moving to a bigger flat", "the quarterly report",
            "the football tournament", "the insurance claim", "the wedding plans", "the neighbour's dog",
            "the broken washing machine", "the tax documents", "the team offsite", "the conference talk",
            "the piano lessons", "the electricity bill", "the roof leak", "the job interview", "the marathon training",
            "the photo album", "the family reunion", "the new laptop", "the recycling schedule", "the book club",
            "the solar panels", "the hiking trip", "the parking permit", "the dentist bill", "the flight booking"};
    private static final String[] FACTS = {"the meeting was moved to next week", "the invoice is still unpaid",
            "we need three more quotes", "the deadline is the end of the month", "the keys are with the caretaker",
            "it will cost about two hundred euros", "nobody remembered to bring the documents",
            "the weather forecast looks good", "we should book the tickets early", "the train was late again",
            "the appointment has to be confirmed by phone", "the shop closes at six on Saturdays",
            "the package arrived damaged", "the warranty runs out in spring", "the password was changed yesterday",
            "the printer is out of toner", "the coffee machine needs descaling", "the battery was flat",
            "the contract renews automatically", "the flight has a stopover in Frankfurt",
            "the doctor recommended more sleep", "the new schedule starts on Monday", "the car failed inspection",
            "the rent goes up in January", "the plants need more light", "the bike tyre was punctured",
            "the table is reserved for eight people", "the cake should be gluten free",
            "the landlord will send a plumber", "the kids have a day off on Friday"};
    private static final String[] OPENERS = {"Met %s at %s to talk about %s.", "Called %s about %s; we will meet at %s.",
            "Note to self: ask %s about %s when I am at %s.", "%s and I discussed %s over lunch at %s.",
            "Reminder: %s wants an update on %s, maybe at %s.", "Long chat with %s about %s while walking to %s."};
    private static final String[] FOLLOWUPS = {"%s mentioned that %s.", "Apparently %s.", "%s thinks %s.",
            "Important: %s.", "Also, %s.", "I learned that %s.", "%s reminded me that %s.", "Turns out %s."};
    private static final String[] MOODS = {"It was a good day overall.", "Felt tired in the evening.",
            "Need to get more sleep this week.", "Spent the afternoon reading.", "The weather was grey and rainy.",
            "Sunny and warm, finally.", "Too many emails today.", "Cooked pasta for dinner.",
            "Went for a short walk after work.", "Watched a documentary about the ocean."};

    private final Random random;

    Corpus(long seed) {
        this.random = new Random(seed);
    }

    private String pick(String[] a) {
        return a[random.nextInt(a.length)];
    }

    /** @return a note of 2 to 14 sentences (most fit one 400-token chunk, some need two or three) */
    String note() {
        StringBuilder sb = new StringBuilder();
        int paragraphs = random.nextInt(10) < 8 ? 1 : 2 + random.nextInt(4);
        for (int p = 0; p < paragraphs; p++) {
            if (p > 0) {
                sb.append("\n\n");
            }
            String name = pick(NAMES);
            sb.append(String.format(pick(OPENERS), ordered(name, pick(PLACES), pick(TOPICS))));
            int sentences = 1 + random.nextInt(random.nextInt(10) < 7 ? 4 : 9);
            for (int s = 0; s < sentences; s++) {
                String f = pick(FOLLOWUPS);
                sb.append(' ').append(f.startsWith("%s mentioned") || f.startsWith("%s thinks")
                        || f.startsWith("%s reminded") ? String.format(f, pick(NAMES), pick(FACTS))
                        : String.format(f, pick(FACTS)));
            }
            if (random.nextBoolean()) {
                sb.append(' ').append(pick(MOODS));
            }
        }
        return sb.toString();
    }

    private Object[] ordered(String name, String place, String topic) {
        return new Object[] {name, topic, place};
    }

    /** @return a creation time within the last three years */
    Instant created(Instant now) {
        return now.minusSeconds((long) (random.nextDouble() * 3 * 365 * 86_400));
    }

    /** @return a search query in the style of the notes */
    String query() {
        switch (random.nextInt(4)) {
            case 0:
                return "what did " + pick(NAMES) + " say about " + pick(TOPICS);
            case 1:
                return pick(TOPICS).replace("the ", "");
            case 2:
                return pick(NAMES) + " " + pick(PLACES).replace("the ", "");
            default:
                return "when " + pick(FACTS);
        }
    }

    static List<String> names() {
        return List.of(NAMES);
    }
}
