DROP TABLE "private".oban_peers;

