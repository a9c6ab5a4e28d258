DROP TABLE "public".oban_peers;

