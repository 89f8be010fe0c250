-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN "answeringBy" TEXT;
ALTER TABLE "Conversation" ADD COLUMN "answeringUntil" DATETIME;
