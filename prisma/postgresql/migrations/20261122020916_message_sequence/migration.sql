-- DropIndex
DROP INDEX "Message_conversationId_createdAt_idx";

-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "deliveryFailedAt" TIMESTAMP(3),
ADD COLUMN     "messageCount" INTEGER NOT NULL DEFAULT 0;

-- AlterTable (edited: existing messages are numbered in the order they were written)
ALTER TABLE "Message" ADD COLUMN     "seq" INTEGER;
UPDATE "Message" AS m SET "seq" = numbered.n
  FROM (SELECT "id", ROW_NUMBER() OVER (PARTITION BY "conversationId" ORDER BY "createdAt", "id") AS n FROM "Message") AS numbered
  WHERE m."id" = numbered."id";
ALTER TABLE "Message" ALTER COLUMN "seq" SET NOT NULL;
UPDATE "Conversation" AS c SET "messageCount" = (SELECT COUNT(*) FROM "Message" WHERE "Message"."conversationId" = c."id");

-- AlterTable
ALTER TABLE "OutboxEntry" ADD COLUMN     "lastAttemptAt" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "Message_conversationId_seq_key" ON "Message"("conversationId", "seq");
