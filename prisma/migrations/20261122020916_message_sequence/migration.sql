-- AlterTable
ALTER TABLE "OutboxEntry" ADD COLUMN "lastAttemptAt" DATETIME;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Conversation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "handoffState" TEXT NOT NULL DEFAULT 'BOT',
    "assignedCoachId" TEXT,
    "waitingSince" DATETIME,
    "urgentSince" DATETIME,
    "awaitingReplySince" DATETIME,
    "lastMessageAt" DATETIME,
    "lastMessageId" TEXT,
    "messageCount" INTEGER NOT NULL DEFAULT 0,
    "deliveryFailedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Conversation_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Conversation_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Conversation_assignedCoachId_fkey" FOREIGN KEY ("assignedCoachId") REFERENCES "Staff" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
-- Edited: existing conversations start counting after the messages they already hold.
INSERT INTO "new_Conversation" ("assignedCoachId", "awaitingReplySince", "createdAt", "handoffState", "id", "lastMessageAt", "lastMessageId", "messageCount", "organisationId", "personId", "urgentSince", "waitingSince") SELECT "assignedCoachId", "awaitingReplySince", "createdAt", "handoffState", "id", "lastMessageAt", "lastMessageId", (SELECT COUNT(*) FROM "Message" WHERE "Message"."conversationId" = "Conversation"."id"), "organisationId", "personId", "urgentSince", "waitingSince" FROM "Conversation";
DROP TABLE "Conversation";
ALTER TABLE "new_Conversation" RENAME TO "Conversation";
CREATE UNIQUE INDEX "Conversation_personId_key" ON "Conversation"("personId");
CREATE INDEX "Conversation_organisationId_handoffState_urgentSince_waitingSince_idx" ON "Conversation"("organisationId", "handoffState", "urgentSince", "waitingSince");
CREATE INDEX "Conversation_assignedCoachId_awaitingReplySince_idx" ON "Conversation"("assignedCoachId", "awaitingReplySince");
CREATE INDEX "Conversation_organisationId_lastMessageAt_idx" ON "Conversation"("organisationId", "lastMessageAt");
CREATE TABLE "new_Message" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "conversationId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "authorStaffId" TEXT,
    "body" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "providerMessageId" TEXT,
    "errorCode" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Message_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Message_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Message_authorStaffId_fkey" FOREIGN KEY ("authorStaffId") REFERENCES "Staff" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
-- Edited: existing messages are numbered in the order they were written.
INSERT INTO "new_Message" ("author", "authorStaffId", "body", "channel", "conversationId", "createdAt", "direction", "errorCode", "id", "personId", "providerMessageId", "seq", "status", "updatedAt") SELECT "author", "authorStaffId", "body", "channel", "conversationId", "createdAt", "direction", "errorCode", "id", "personId", "providerMessageId", ROW_NUMBER() OVER (PARTITION BY "conversationId" ORDER BY "createdAt", "id"), "status", "updatedAt" FROM "Message";
DROP TABLE "Message";
ALTER TABLE "new_Message" RENAME TO "Message";
CREATE UNIQUE INDEX "Message_providerMessageId_key" ON "Message"("providerMessageId");
CREATE INDEX "Message_status_createdAt_idx" ON "Message"("status", "createdAt");
CREATE UNIQUE INDEX "Message_conversationId_seq_key" ON "Message"("conversationId", "seq");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
