-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "answeringBy" TEXT,
ADD COLUMN     "answeringUntil" TIMESTAMP(3);
